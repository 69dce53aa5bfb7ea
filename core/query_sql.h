/*
 * query_sql — the SQL spelling of the rules every reading query shares: an action's
 * effective due date, whether it is open, whether it is overdue. Included only by core .c
 * files that run SQL, so that each rule is written once.
 *
 * Contract: the fragments name the action table `a`; QUERY_OVERDUE reads today's date
 * ("YYYY-MM-DD") from parameter ?9, so a statement using it binds today there.
 */
#ifndef AB_QUERY_SQL_H
#define AB_QUERY_SQL_H

#define QUERY_EFFECTIVE_DUE "coalesce(a.due_revised, a.due)"
#define QUERY_OPEN "a.status NOT IN ('completed', 'cancelled')"
#define QUERY_OVERDUE "(" QUERY_EFFECTIVE_DUE " < ?9 AND " QUERY_OPEN ")"

#endif
