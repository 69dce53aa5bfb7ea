/*
 * import — turns the text extracted from a published action plan into plan YAML.
 * (Being written: issue 3.)
 */
#ifndef AB_IMPORT_H
#define AB_IMPORT_H
#endif
