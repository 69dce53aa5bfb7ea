/*
 * counts_sql — the SQL of the kept figures (counts.h), as macros: the three schema steps
 * (COUNTS_SCHEMA_SQL, COUNTS_OWNER_SCHEMA_SQL, COUNTS_CHANGE_SCHEMA_SQL), written into
 * store.c's migrations, and the one recount and stamp that counts.c runs too. Macros, not
 * strings of counts.c, so that store.c does not depend on counts.c, which calls it (the
 * map of docs/ARCHITECTURE.md, checked by the test `layers`). Only core/ includes it.
 */
#ifndef AB_COUNTS_SQL_H
#define AB_COUNTS_SQL_H

#include "rules.h"

/* The figures of plan_count an item changes, added (op "+") or taken away ("-");
 * agreement may be NULL, so IS, which is never NULL. */
#define COUNTS_ITEM_SET(r, op)                                                              \
	" items = items " op " 1, agreed = agreed " op " (" r ".agreement IS 'agreed'),"     \
	" partly_agreed = partly_agreed " op " (" r ".agreement IS 'partly_agreed'),"         \
	" not_agreed = not_agreed " op " (" r ".agreement IS 'not_agreed')"

/* The figures of plan_count an action changes: as schema 14 kept them (the migrations up to
 * 18 create their triggers with this), and since schema 19 with `dated`, its live open
 * actions that have an effective due date (what plan_due holds, summed). */
#define COUNTS_ACTION_SET(r, op)                                                            \
	COUNTS_ACTION_SET_V14(r, op) ", dated = dated " op " (" r ".is_open = 1 AND "         \
	r ".due_effective IS NOT NULL)"
#define COUNTS_ACTION_SET_V14(r, op)                                                        \
	" actions = actions " op " 1, planned = planned " op " (" r ".status IS 'planned'),"  \
	" in_progress = in_progress " op " (" r ".status IS 'in_progress'),"                  \
	" blocked = blocked " op " (" r ".status IS 'blocked'),"                              \
	" completed = completed " op " (" r ".status IS 'completed'),"                        \
	" cancelled = cancelled " op " (" r ".status IS 'cancelled'),"                        \
	" open = open " op " " r ".is_open, slipped = slipped " op " " RULES_SLIPPED(r) ","   \
	" slip_days = slip_days " op " coalesce(" RULES_SLIP_DAYS(r) ", 0)"

/* A live action leaves its plan's counts (r is OLD), SET being one of the two above. */
#define COUNTS_ACTION_OUT(SET)                                                              \
	"UPDATE plan_count SET" SET("OLD", "-")                                                \
	" WHERE cycle_id = OLD.cycle_id AND OLD.retired = 0;"                                  \
	"UPDATE plan_due SET n = n - 1 WHERE cycle_id = OLD.cycle_id AND due = OLD.due_effective" \
	" AND OLD.retired = 0 AND OLD.is_open;"                                                \
	"DELETE FROM plan_due WHERE cycle_id = OLD.cycle_id AND due = OLD.due_effective AND n = 0;"

/* A live action enters them (r is NEW). */
#define COUNTS_ACTION_IN(SET)                                                               \
	"UPDATE plan_count SET" SET("NEW", "+")                                                \
	" WHERE cycle_id = NEW.cycle_id AND NEW.retired = 0;"                                  \
	"INSERT INTO plan_due(cycle_id, due, n) SELECT NEW.cycle_id, NEW.due_effective, 1"    \
	" WHERE NEW.retired = 0 AND NEW.is_open AND NEW.due_effective IS NOT NULL"           \
	" ON CONFLICT DO UPDATE SET n = n + 1;"

#define COUNTS_ITEM_OUT                                                                     \
	"UPDATE plan_count SET" COUNTS_ITEM_SET("OLD", "-")                                    \
	" WHERE cycle_id = OLD.cycle_id AND OLD.retired = 0;"
#define COUNTS_ITEM_IN                                                                      \
	"UPDATE plan_count SET" COUNTS_ITEM_SET("NEW", "+")                                    \
	" WHERE cycle_id = NEW.cycle_id AND NEW.retired = 0;"

/* What makes an update of an item or action move its figures (the update triggers' WHEN):
 * only a real change costs anything, for sync rewrites due on every action it revisits. */
#define COUNTS_ITEM_CHANGED                                                                 \
	"(OLD.retired IS NOT NEW.retired OR OLD.agreement IS NOT NEW.agreement"              \
	" OR OLD.cycle_id IS NOT NEW.cycle_id)"
#define COUNTS_ACTION_CHANGED                                                               \
	"(OLD.retired IS NOT NEW.retired OR OLD.status IS NOT NEW.status"                    \
	" OR OLD.due IS NOT NEW.due OR OLD.due_revised IS NOT NEW.due_revised"               \
	" OR OLD.cycle_id IS NOT NEW.cycle_id)"

/*
 * Every plan's figures counted from its rows: the one recount, which fills the tables when
 * the migration adds them and which counts_drift() compares them with. As in catalog.c, a
 * live action's item is live, so actions are counted without their items.
 */
#define COUNTS_RECOUNT COUNTS_RECOUNT_PLANS(" IS NOT NULL")
/* The same for the plans whose id satisfies `which` (" = ?1": one plan), filtered inside
 * its groupings, where SQLite would not push an outer WHERE down through the LEFT JOINs. */
#define COUNTS_RECOUNT_PLANS(which)                                                         \
	"SELECT c.id AS cycle_id, coalesce(i.items, 0) AS items, coalesce(i.ag, 0) AS agreed," \
	" coalesce(i.pa, 0) AS partly_agreed, coalesce(i.na, 0) AS not_agreed,"               \
	" coalesce(a.n, 0) AS actions, coalesce(a.pl, 0) AS planned,"                         \
	" coalesce(a.ip, 0) AS in_progress, coalesce(a.bl, 0) AS blocked,"                    \
	" coalesce(a.co, 0) AS completed, coalesce(a.ca, 0) AS cancelled,"                    \
	" coalesce(a.op, 0) AS open, coalesce(a.sl, 0) AS slipped, coalesce(a.sd, 0) AS slip_days," \
	" coalesce(a.dt, 0) AS dated, a.ld AS last_due"                                        \
	" FROM cycle c"                                                                        \
	" LEFT JOIN (SELECT cycle_id, count(*) AS items, sum(agreement = 'agreed') AS ag,"    \
	"  sum(agreement = 'partly_agreed') AS pa, sum(agreement = 'not_agreed') AS na"       \
	"  FROM item WHERE retired = 0 AND cycle_id" which " GROUP BY cycle_id) i"            \
	" ON i.cycle_id = c.id"                                                               \
	" LEFT JOIN (SELECT x.cycle_id, count(*) AS n, sum(x.status = 'planned') AS pl,"      \
	"  sum(x.status = 'in_progress') AS ip, sum(x.status = 'blocked') AS bl,"             \
	"  sum(x.status = 'completed') AS co, sum(x.status = 'cancelled') AS ca,"             \
	"  sum(x.is_open) AS op, sum(" RULES_SLIPPED("x") ") AS sl,"                           \
	"  sum(coalesce(" RULES_SLIP_DAYS("x") ", 0)) AS sd,"                                  \
	"  sum(x.is_open = 1 AND x.due_effective IS NOT NULL) AS dt,"                          \
	"  max(CASE WHEN x.is_open = 1 THEN x.due_effective END) AS ld"                        \
	"  FROM action x WHERE x.retired = 0 AND x.cycle_id" which " GROUP BY x.cycle_id) a" \
	" ON a.cycle_id = c.id WHERE c.id" which
#define COUNTS_RECOUNT_DUE                                                                  \
	"SELECT cycle_id, due_effective AS due, count(*) AS n FROM action"                     \
	" WHERE retired = 0 AND is_open AND due_effective IS NOT NULL"                         \
	" GROUP BY cycle_id, due_effective"

#define COUNTS_SCHEMA_SQL                                                                   \
	"CREATE TABLE plan_count ("                                                         \
	"  cycle_id INTEGER PRIMARY KEY,"                                                   \
	"  items INTEGER NOT NULL DEFAULT 0, agreed INTEGER NOT NULL DEFAULT 0,"            \
	"  partly_agreed INTEGER NOT NULL DEFAULT 0, not_agreed INTEGER NOT NULL DEFAULT 0," \
	"  actions INTEGER NOT NULL DEFAULT 0, planned INTEGER NOT NULL DEFAULT 0,"         \
	"  in_progress INTEGER NOT NULL DEFAULT 0, blocked INTEGER NOT NULL DEFAULT 0,"     \
	"  completed INTEGER NOT NULL DEFAULT 0, cancelled INTEGER NOT NULL DEFAULT 0,"     \
	"  open INTEGER NOT NULL DEFAULT 0, slipped INTEGER NOT NULL DEFAULT 0,"            \
	"  slip_days INTEGER NOT NULL DEFAULT 0);"                                          \
	"CREATE TABLE plan_due ("                                                           \
	"  cycle_id INTEGER NOT NULL,"                                                      \
	"  due TEXT NOT NULL,"                                                              \
	"  n INTEGER NOT NULL,"                                                             \
	"  PRIMARY KEY (cycle_id, due)) WITHOUT ROWID;"                                     \
	"INSERT INTO plan_count SELECT cycle_id, items, agreed, partly_agreed, not_agreed,"  \
	" actions, planned, in_progress, blocked, completed, cancelled, open, slipped,"     \
	" slip_days FROM (" COUNTS_RECOUNT ");"                                             \
	"INSERT INTO plan_due " COUNTS_RECOUNT_DUE ";"                                      \
	"CREATE TRIGGER counts_cycle_insert AFTER INSERT ON cycle BEGIN"                    \
	"  INSERT INTO plan_count(cycle_id) VALUES (NEW.id); END;"                          \
	"CREATE TRIGGER counts_cycle_delete AFTER DELETE ON cycle BEGIN"                    \
	"  DELETE FROM plan_count WHERE cycle_id = OLD.id;"                                 \
	"  DELETE FROM plan_due WHERE cycle_id = OLD.id; END;"                              \
	"CREATE TRIGGER counts_item_insert AFTER INSERT ON item WHEN NEW.retired = 0 BEGIN " \
	COUNTS_ITEM_IN " END;"                                                              \
	"CREATE TRIGGER counts_item_delete AFTER DELETE ON item WHEN OLD.retired = 0 BEGIN " \
	COUNTS_ITEM_OUT " END;"                                                             \
	"CREATE TRIGGER counts_item_update AFTER UPDATE OF retired, agreement, cycle_id ON item" \
	"  WHEN " COUNTS_ITEM_CHANGED " BEGIN "                                             \
	COUNTS_ITEM_OUT COUNTS_ITEM_IN " END;"                                              \
	"CREATE TRIGGER counts_action_insert AFTER INSERT ON action WHEN NEW.retired = 0 BEGIN " \
	COUNTS_ACTION_IN(COUNTS_ACTION_SET_V14) " END;"                                     \
	"CREATE TRIGGER counts_action_delete AFTER DELETE ON action WHEN OLD.retired = 0 BEGIN " \
	COUNTS_ACTION_OUT(COUNTS_ACTION_SET_V14) " END;"                                    \
	"CREATE TRIGGER counts_action_update AFTER UPDATE OF status, due, due_revised, retired," \
	"  cycle_id ON action WHEN " COUNTS_ACTION_CHANGED " BEGIN "                        \
	COUNTS_ACTION_OUT(COUNTS_ACTION_SET_V14) COUNTS_ACTION_IN(COUNTS_ACTION_SET_V14) " END;"

/*
 * The same per plan and owner (owner_count, owner_due): what the owners pane and the `W`
 * picker read. An action counts for each of its owners; action_owner rows come and go with
 * sync (an action's owners are written after the action), so both tables follow them too.
 * `ao` is the set of owner ids of the action (a subquery over action_owner).
 */
#define COUNTS_OWNERS_OF(r) "(SELECT owner_id FROM action_owner WHERE action_id = " r ".id)"
#define COUNTS_OWNER_OUT                                                                    \
	"UPDATE owner_count SET actions = actions - 1, open = open - OLD.is_open,"           \
	" completed = completed - (OLD.status IS 'completed') WHERE cycle_id = OLD.cycle_id" \
	" AND owner_id IN " COUNTS_OWNERS_OF("OLD") " AND OLD.retired = 0;"                    \
	"DELETE FROM owner_count WHERE cycle_id = OLD.cycle_id AND actions = 0"              \
	" AND owner_id IN " COUNTS_OWNERS_OF("OLD") ";"                                        \
	"UPDATE owner_due SET n = n - 1 WHERE cycle_id = OLD.cycle_id AND due = OLD.due_effective" \
	" AND owner_id IN " COUNTS_OWNERS_OF("OLD") " AND OLD.retired = 0 AND OLD.is_open;"    \
	"DELETE FROM owner_due WHERE cycle_id = OLD.cycle_id AND due = OLD.due_effective"    \
	" AND n = 0 AND owner_id IN " COUNTS_OWNERS_OF("OLD") ";"
#define COUNTS_OWNER_IN                                                                     \
	"INSERT INTO owner_count(cycle_id, owner_id, actions, open, completed)"               \
	" SELECT NEW.cycle_id, owner_id, 1, NEW.is_open, NEW.status IS 'completed'"           \
	" FROM action_owner WHERE action_id = NEW.id AND NEW.retired = 0"                     \
	" ON CONFLICT DO UPDATE SET actions = actions + 1, open = open + excluded.open,"     \
	" completed = completed + excluded.completed;"                                        \
	"INSERT INTO owner_due(cycle_id, owner_id, due, n)"                                   \
	" SELECT NEW.cycle_id, owner_id, NEW.due_effective, 1 FROM action_owner"              \
	" WHERE action_id = NEW.id AND NEW.retired = 0 AND NEW.is_open"                      \
	" AND NEW.due_effective IS NOT NULL ON CONFLICT DO UPDATE SET n = n + 1;"
/* One owner (r.owner_id) joins or leaves one action (r.action_id), if live. */
#define COUNTS_LINK_IN(r)                                                                   \
	"INSERT INTO owner_count(cycle_id, owner_id, actions, open, completed)"               \
	" SELECT a.cycle_id, " r ".owner_id, 1, a.is_open, a.status IS 'completed'"           \
	" FROM action a WHERE a.id = " r ".action_id AND a.retired = 0"                       \
	" ON CONFLICT DO UPDATE SET actions = actions + 1, open = open + excluded.open,"     \
	" completed = completed + excluded.completed;"                                        \
	"INSERT INTO owner_due(cycle_id, owner_id, due, n)"                                   \
	" SELECT a.cycle_id, " r ".owner_id, a.due_effective, 1 FROM action a"                \
	" WHERE a.id = " r ".action_id AND a.retired = 0 AND a.is_open"                      \
	" AND a.due_effective IS NOT NULL ON CONFLICT DO UPDATE SET n = n + 1;"
#define COUNTS_LINK_OUT(r)                                                                  \
	"UPDATE owner_count SET actions = actions - 1, open = open - a.is_open,"             \
	" completed = completed - (a.status IS 'completed') FROM action a"                   \
	" WHERE a.id = " r ".action_id AND a.retired = 0 AND owner_count.cycle_id = a.cycle_id" \
	" AND owner_count.owner_id = " r ".owner_id;"                                          \
	"DELETE FROM owner_count WHERE owner_id = " r ".owner_id AND actions = 0"             \
	" AND cycle_id = (SELECT cycle_id FROM action WHERE id = " r ".action_id);"           \
	"UPDATE owner_due SET n = n - 1 FROM action a WHERE a.id = " r ".action_id"           \
	" AND a.retired = 0 AND a.is_open AND owner_due.cycle_id = a.cycle_id"               \
	" AND owner_due.owner_id = " r ".owner_id AND owner_due.due = a.due_effective;"       \
	"DELETE FROM owner_due WHERE owner_id = " r ".owner_id AND n = 0"                     \
	" AND cycle_id = (SELECT cycle_id FROM action WHERE id = " r ".action_id);"

#define COUNTS_RECOUNT_OWNERS                                                               \
	"SELECT a.cycle_id, ao.owner_id, count(*) AS actions, sum(a.is_open) AS open,"       \
	" sum(a.status IS 'completed') AS completed FROM action a"                           \
	" JOIN action_owner ao ON ao.action_id = a.id WHERE a.retired = 0"                   \
	" GROUP BY a.cycle_id, ao.owner_id"
#define COUNTS_RECOUNT_OWNER_DUE                                                            \
	"SELECT a.cycle_id, ao.owner_id, a.due_effective AS due, count(*) AS n FROM action a" \
	" JOIN action_owner ao ON ao.action_id = a.id"                                       \
	" WHERE a.retired = 0 AND a.is_open AND a.due_effective IS NOT NULL"                 \
	" GROUP BY a.cycle_id, ao.owner_id, a.due_effective"

#define COUNTS_OWNER_SCHEMA_SQL                                                             \
	"CREATE TABLE owner_count ("                                                        \
	"  cycle_id INTEGER NOT NULL,"                                                      \
	"  owner_id INTEGER NOT NULL,"                                                      \
	"  actions INTEGER NOT NULL, open INTEGER NOT NULL, completed INTEGER NOT NULL,"    \
	"  PRIMARY KEY (cycle_id, owner_id)) WITHOUT ROWID;"                                \
	"CREATE TABLE owner_due ("                                                          \
	"  cycle_id INTEGER NOT NULL,"                                                      \
	"  owner_id INTEGER NOT NULL,"                                                      \
	"  due TEXT NOT NULL,"                                                              \
	"  n INTEGER NOT NULL,"                                                             \
	"  PRIMARY KEY (cycle_id, owner_id, due)) WITHOUT ROWID;"                           \
	"INSERT INTO owner_count " COUNTS_RECOUNT_OWNERS ";"                                \
	"INSERT INTO owner_due " COUNTS_RECOUNT_OWNER_DUE ";"                               \
	"CREATE TRIGGER counts_owner_link AFTER INSERT ON action_owner BEGIN "              \
	COUNTS_LINK_IN("NEW") " END;"                                                       \
	"CREATE TRIGGER counts_owner_unlink AFTER DELETE ON action_owner BEGIN "            \
	COUNTS_LINK_OUT("OLD") " END;"                                                      \
	"CREATE TRIGGER counts_owner_relink AFTER UPDATE OF action_id, owner_id ON action_owner" \
	"  BEGIN " COUNTS_LINK_OUT("OLD") COUNTS_LINK_IN("NEW") " END;"                     \
	"CREATE TRIGGER counts_owner_action_delete AFTER DELETE ON action WHEN OLD.retired = 0" \
	"  BEGIN " COUNTS_OWNER_OUT " END;"                                                 \
	"CREATE TRIGGER counts_owner_action_update AFTER UPDATE OF status, due, due_revised," \
	"  retired, cycle_id ON action WHEN " COUNTS_ACTION_CHANGED " BEGIN "               \
	COUNTS_OWNER_OUT COUNTS_OWNER_IN " END;"

/*
 * What changed, plan by plan (plan_change): every write stamps the plan it touched with the
 * next number of one sequence, in its own transaction; row 0 stands for the whole estate
 * (a sync, which may touch anything: establishments, owners, many plans). A dashboard
 * remembers the latest number it saw and asks which plans have a later one: one range
 * of the index plan_change_seq. The table has a row per plan, so it never grows with the
 * writes. Stamped by triggers on what the dashboard's own writes make (history rows,
 * judgements, their withdrawals, links, a plan's dates) and by sync itself (counts_mark).
 */
#define COUNTS_STAMP(cycle)                                                                 \
	"UPDATE plan_change SET seq = (SELECT max(seq) FROM plan_change) + 1"                \
	" WHERE cycle_id = " cycle ";"

#define COUNTS_CHANGE_SCHEMA_SQL                                                            \
	"CREATE TABLE plan_change ("                                                        \
	"  cycle_id INTEGER PRIMARY KEY,"                                                   \
	"  seq INTEGER NOT NULL);"                                                          \
	"CREATE INDEX plan_change_seq ON plan_change(seq);"                                 \
	"INSERT INTO plan_change VALUES (0, 1);"                                            \
	"INSERT INTO plan_change SELECT id, 1 FROM cycle;"                                  \
	"CREATE TRIGGER change_cycle_insert AFTER INSERT ON cycle BEGIN"                    \
	/* coalesce: a table without its estate row (a schema copied without rows) still takes */ \
	/* the first plan */                                                                  \
	"  INSERT INTO plan_change VALUES (NEW.id,"                                          \
	"   coalesce((SELECT max(seq) FROM plan_change), 0) + 1); END;"                      \
	"CREATE TRIGGER change_cycle_delete AFTER DELETE ON cycle BEGIN"                    \
	"  DELETE FROM plan_change WHERE cycle_id = OLD.id; " COUNTS_STAMP("0") " END;"     \
	"CREATE TRIGGER change_cycle_update AFTER UPDATE ON cycle BEGIN "                   \
	COUNTS_STAMP("NEW.id") " END;"                                                      \
	"CREATE TRIGGER change_history AFTER INSERT ON history BEGIN "                      \
	COUNTS_STAMP("(SELECT cycle_id FROM action WHERE id = NEW.action_id)") " END;"      \
	"CREATE TRIGGER change_judgement AFTER INSERT ON judgement BEGIN "                  \
	COUNTS_STAMP("(SELECT cycle_id FROM item WHERE id = NEW.item_id)") " END;"          \
	"CREATE TRIGGER change_judgement_withdrawal AFTER INSERT ON judgement_withdrawal BEGIN " \
	COUNTS_STAMP("(SELECT i.cycle_id FROM judgement j JOIN item i ON i.id = j.item_id"  \
		     " WHERE j.id = NEW.judgement_id)") " END;"                             \
	/* the earlier item's plan shows which later item repeats it */                     \
	"CREATE TRIGGER change_item_link AFTER INSERT ON item_link BEGIN "                  \
	COUNTS_STAMP("(SELECT cycle_id FROM item WHERE id = NEW.item_id)")                  \
	COUNTS_STAMP("(SELECT cycle_id FROM item WHERE id = NEW.earlier_id)") " END;"

/*
 * Plans whose figures are filled once instead of row by row (count_hold): while sync loads
 * a plan it holds it (counts_hold), and the counts triggers, recreated here, skip a row
 * whose plans are all held; at the end of the plan counts_release() recounts its figures
 * with the recount above (COUNTS_RECOUNT_PLANS, the one check --deep runs) and lets it
 * go, in the same transaction. So every committed state has count_hold empty, and any
 * other connection (the sqlite3 shell, a process killed mid-write, whose transaction never
 * commits) sees the triggers as they were. The stamp of a history row is skipped too: sync stamps the
 * whole estate (counts_mark) when it wrote anything.
 */
#define COUNTS_HELD(cycle) "EXISTS (SELECT 1 FROM count_hold WHERE cycle_id = " cycle ")"
/* The plan of the action a row (r) of action_owner or history names. */
#define COUNTS_ACTION_PLAN(r) "(SELECT cycle_id FROM action WHERE id = " r ".action_id)"
/* A row of one plan (r.cycle_id) passes when its plan is not held; a row moved between
 * plans (OLD to NEW) when either is not: a held plan's figures are recounted anyway. */
#define COUNTS_FREE(r) " AND NOT " COUNTS_HELD(r ".cycle_id")
#define COUNTS_FREE_MOVE(o, n) " AND NOT (" COUNTS_HELD(o) " AND " COUNTS_HELD(n) ")"

/* The three triggers that keep plan_count and plan_due from the actions, skipping held
 * plans; SET is the figures of the schema they are created in, OUT and IN what follows an
 * action's leaving and entering them (COUNTS_V14_NONE before schema 19). */
#define COUNTS_ACTION_TRIGGERS(SET, OUT, IN)                                                \
	"CREATE TRIGGER counts_action_insert AFTER INSERT ON action"                        \
	"  WHEN NEW.retired = 0" COUNTS_FREE("NEW") " BEGIN " COUNTS_ACTION_IN(SET) IN       \
	" END;"                                                                             \
	"CREATE TRIGGER counts_action_delete AFTER DELETE ON action"                        \
	"  WHEN OLD.retired = 0" COUNTS_FREE("OLD") " BEGIN " COUNTS_ACTION_OUT(SET) OUT     \
	" END;"                                                                             \
	"CREATE TRIGGER counts_action_update AFTER UPDATE OF status, due, due_revised, retired," \
	"  cycle_id ON action"                                                              \
	"  WHEN " COUNTS_ACTION_CHANGED COUNTS_FREE_MOVE("OLD.cycle_id", "NEW.cycle_id")     \
	"  BEGIN " COUNTS_ACTION_OUT(SET) OUT COUNTS_ACTION_IN(SET) IN " END;"
#define COUNTS_V14_NONE ""

/* Schema 19's plan_count.last_due, the latest effective due date of a plan's live open
 * actions (NULL: none), after an action left (OLD; plan_due already without it: looked up
 * again only when it held that date) or entered (NEW) the figures. */
#define COUNTS_LAST_DUE_OUT                                                                 \
	"UPDATE plan_count SET last_due = (SELECT max(due) FROM plan_due"                    \
	" WHERE cycle_id = OLD.cycle_id) WHERE cycle_id = OLD.cycle_id"                      \
	" AND last_due = OLD.due_effective;"
#define COUNTS_LAST_DUE_IN                                                                  \
	"UPDATE plan_count SET last_due = NEW.due_effective WHERE cycle_id = NEW.cycle_id"   \
	" AND NEW.retired = 0 AND NEW.is_open AND NEW.due_effective IS NOT NULL"             \
	" AND (last_due IS NULL OR last_due < NEW.due_effective);"

#define COUNTS_HOLD_SCHEMA_SQL                                                              \
	"CREATE TABLE count_hold (cycle_id INTEGER PRIMARY KEY);"                           \
	"DROP TRIGGER counts_item_insert; DROP TRIGGER counts_item_delete;"                \
	"DROP TRIGGER counts_item_update; DROP TRIGGER counts_action_insert;"              \
	"DROP TRIGGER counts_action_delete; DROP TRIGGER counts_action_update;"            \
	"DROP TRIGGER counts_owner_link; DROP TRIGGER counts_owner_unlink;"                \
	"DROP TRIGGER counts_owner_relink; DROP TRIGGER counts_owner_action_delete;"       \
	"DROP TRIGGER counts_owner_action_update; DROP TRIGGER change_history;"            \
	"CREATE TRIGGER counts_item_insert AFTER INSERT ON item"                            \
	"  WHEN NEW.retired = 0" COUNTS_FREE("NEW") " BEGIN " COUNTS_ITEM_IN " END;"        \
	"CREATE TRIGGER counts_item_delete AFTER DELETE ON item"                            \
	"  WHEN OLD.retired = 0" COUNTS_FREE("OLD") " BEGIN " COUNTS_ITEM_OUT " END;"       \
	"CREATE TRIGGER counts_item_update AFTER UPDATE OF retired, agreement, cycle_id ON item" \
	"  WHEN " COUNTS_ITEM_CHANGED COUNTS_FREE_MOVE("OLD.cycle_id", "NEW.cycle_id")       \
	"  BEGIN " COUNTS_ITEM_OUT COUNTS_ITEM_IN " END;"                                   \
	COUNTS_ACTION_TRIGGERS(COUNTS_ACTION_SET_V14, COUNTS_V14_NONE, COUNTS_V14_NONE)    \
	"CREATE TRIGGER counts_owner_link AFTER INSERT ON action_owner"                     \
	"  WHEN NOT " COUNTS_HELD(COUNTS_ACTION_PLAN("NEW")) " BEGIN " COUNTS_LINK_IN("NEW") " END;" \
	"CREATE TRIGGER counts_owner_unlink AFTER DELETE ON action_owner"                   \
	"  WHEN NOT " COUNTS_HELD(COUNTS_ACTION_PLAN("OLD")) " BEGIN " COUNTS_LINK_OUT("OLD") " END;" \
	"CREATE TRIGGER counts_owner_relink AFTER UPDATE OF action_id, owner_id ON action_owner" \
	"  WHEN 1" COUNTS_FREE_MOVE(COUNTS_ACTION_PLAN("OLD"), COUNTS_ACTION_PLAN("NEW"))        \
	"  BEGIN " COUNTS_LINK_OUT("OLD") COUNTS_LINK_IN("NEW") " END;"                     \
	"CREATE TRIGGER counts_owner_action_delete AFTER DELETE ON action"                  \
	"  WHEN OLD.retired = 0" COUNTS_FREE("OLD") " BEGIN " COUNTS_OWNER_OUT " END;"      \
	"CREATE TRIGGER counts_owner_action_update AFTER UPDATE OF status, due, due_revised," \
	"  retired, cycle_id ON action"                                                     \
	"  WHEN " COUNTS_ACTION_CHANGED COUNTS_FREE_MOVE("OLD.cycle_id", "NEW.cycle_id")     \
	"  BEGIN " COUNTS_OWNER_OUT COUNTS_OWNER_IN " END;"                                 \
	"CREATE TRIGGER change_history AFTER INSERT ON history"                             \
	"  WHEN NOT " COUNTS_HELD(COUNTS_ACTION_PLAN("NEW"))                               \
	"  BEGIN " COUNTS_STAMP(COUNTS_ACTION_PLAN("NEW")) " END;"

/*
 * Schema 19: plan_count.dated, how many of a plan's live open actions have an effective due
 * date, and plan_count.last_due, the latest of those dates, so that its overdue are `dated`
 * less those due today or later (RULES_COUNT_OVERDUE): the rows of plan_due from today on,
 * and only for a plan whose last_due is not yet past. At 1m actions, 46,031 of plan_due's
 * 340,883 rows are due from today on, in 2,490 of the 11,449 plans; counting the rows
 * before today read nearly all of them. Filled by the one recount; the action triggers are
 * made again with both.
 */
#define COUNTS_DATED_SCHEMA_SQL                                                             \
	"ALTER TABLE plan_count ADD COLUMN dated INTEGER NOT NULL DEFAULT 0;"               \
	"ALTER TABLE plan_count ADD COLUMN last_due TEXT;"                                  \
	"UPDATE plan_count SET dated = r.dated, last_due = r.last_due"                      \
	"  FROM (" COUNTS_RECOUNT ") r WHERE r.cycle_id = plan_count.cycle_id;"             \
	"DROP TRIGGER counts_action_insert; DROP TRIGGER counts_action_delete;"            \
	"DROP TRIGGER counts_action_update;"                                                \
	COUNTS_ACTION_TRIGGERS(COUNTS_ACTION_SET, COUNTS_LAST_DUE_OUT, COUNTS_LAST_DUE_IN)

/*
 * Schema 21: names_change, one row, its number moved by every write that may change the
 * owners a picker offers (estate_owner_names: each owner with a live action in a live
 * plan, a local one with its establishment's code): an owner joining or leaving an action,
 * an action retired, restored or moved, a plan retired, restored or moved, an owner
 * renamed or made shared or local, an establishment's code changed. A status, a due date,
 * a note never move it, so a picker asks one lookup after another session's write instead
 * of reading every name again (41,339 at 1m, about 150 ms). A load drops the three
 * triggers of action_owner with its others (sync_load.c) and moves the number once at its
 * end; a restore sets it past the number it replaced (store_restore.c), so it never
 * comes back to a number a picker kept.
 */
#define COUNTS_NAMES_STAMP "UPDATE names_change SET seq = seq + 1;"
#define COUNTS_NAMES_SCHEMA_SQL                                                             \
	"CREATE TABLE names_change ("                                                       \
	"  id INTEGER PRIMARY KEY CHECK (id = 1),"                                          \
	"  seq INTEGER NOT NULL);"                                                          \
	"INSERT INTO names_change VALUES (1, 1);"                                           \
	"CREATE TRIGGER names_link AFTER INSERT ON action_owner BEGIN "                     \
	COUNTS_NAMES_STAMP " END;"                                                          \
	"CREATE TRIGGER names_unlink AFTER DELETE ON action_owner BEGIN "                   \
	COUNTS_NAMES_STAMP " END;"                                                          \
	"CREATE TRIGGER names_relink AFTER UPDATE OF action_id, owner_id ON action_owner"   \
	"  BEGIN " COUNTS_NAMES_STAMP " END;"                                               \
	"CREATE TRIGGER names_action AFTER UPDATE OF retired, cycle_id ON action"           \
	"  WHEN OLD.retired IS NOT NEW.retired OR OLD.cycle_id IS NOT NEW.cycle_id"         \
	"  BEGIN " COUNTS_NAMES_STAMP " END;"                                               \
	"CREATE TRIGGER names_plan AFTER UPDATE OF retired, establishment_id ON cycle"      \
	"  WHEN OLD.retired IS NOT NEW.retired"                                              \
	"  OR OLD.establishment_id IS NOT NEW.establishment_id"                              \
	"  BEGIN " COUNTS_NAMES_STAMP " END;"                                               \
	"CREATE TRIGGER names_owner AFTER UPDATE OF name, shared ON owner"                  \
	"  WHEN OLD.name IS NOT NEW.name OR OLD.shared IS NOT NEW.shared"                    \
	"  BEGIN " COUNTS_NAMES_STAMP " END;"                                               \
	"CREATE TRIGGER names_establishment AFTER UPDATE OF code ON establishment"          \
	"  WHEN OLD.code IS NOT NEW.code BEGIN " COUNTS_NAMES_STAMP " END;"

#endif
