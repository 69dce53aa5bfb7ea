/* view — see view.h. */
#include "view.h"

#include <stdarg.h>
#include <stdio.h>

void view_message(view_ctx *c, bool error, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(c->msg, sizeof c->msg, fmt, ap);
	va_end(ap);
	c->msg_error = error;
}

int view_list_delta(const view *v, tui_request req, int n)
{
	int page = v->rect.h > 1 ? v->rect.h - 1 : 1;
	switch (req) {
	case REQ_DOWN: case REQ_WHEEL_DOWN: return 1;
	case REQ_UP: case REQ_WHEEL_UP: return -1;
	case REQ_PAGE_DOWN: return page;
	case REQ_PAGE_UP: return -page;
	case REQ_FIRST: return -n;
	case REQ_LAST: return n;
	default: return 0;
	}
}

void view_list_move(view *v, int n, int delta)
{
	int cur = v->cursor + delta;
	v->cursor = cur >= n ? n - 1 : cur;
	if (v->cursor < 0)
		v->cursor = 0;
}

void view_list_follow(view *v, int n)
{
	int h = v->rect.h < 1 ? 1 : v->rect.h;
	view_list_move(v, n, 0);
	if (v->cursor < v->top)
		v->top = v->cursor;
	if (v->cursor >= v->top + h)
		v->top = v->cursor - h + 1;
	if (v->top > n - h)
		v->top = n - h;
	if (v->top < 0)
		v->top = 0;
}

bool view_list_click(view *v, int n, int line)
{
	int row = v->top + line;
	if (row < 0 || row >= n)
		return false;
	v->cursor = row;
	return true;
}
