/*
 * report — progress reports on a plan or an owner's slice, in Markdown and HTML.
 * (Being written: issue 6.)
 */
#ifndef AB_REPORT_H
#define AB_REPORT_H
#endif
