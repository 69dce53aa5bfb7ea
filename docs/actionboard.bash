# bash completion for actionboard: subcommands, options, action keys, owner names,
# establishments, cycles and statuses. Keys and names come from the database itself
# (`actionboard list/owners/summary --format csv`), with the --config/--db/--today the
# command line already has, so they are the ones this command would act on.

# The global options typed so far, to pass on to the look-ups.
_actionboard_globals()
{
	local i w
	_ab_globals=()
	for ((i = 1; i < ${#COMP_WORDS[@]} - 1; i++)); do
		w=${COMP_WORDS[i]}
		case $w in
		--config | --db | --today)
			_ab_globals+=("$w" "${COMP_WORDS[i + 1]}")
			((i++)) ;;
		--config=* | --db=* | --today=*) _ab_globals+=("$w") ;;
		esac
	done
}

# Runs actionboard quietly with the globals; never creates a database for completion.
_actionboard_run()
{
	"${COMP_WORDS[0]}" "${_ab_globals[@]}" "$@" 2>/dev/null
}

# Offers the lines of stdin that start with the current word, each one whole
# (owner names hold spaces), escaped for the command line.
_actionboard_lines()
{
	local line cur=$1
	while IFS= read -r line; do
		line=${line%$'\r'}
		[[ -n $line && $line == "$cur"* ]] && COMPREPLY+=("$(printf '%q' "$line")")
	done
}

_actionboard()
{
	local cur prev cmd="" i w nargs=0
	COMPREPLY=()
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD - 1]}
	_actionboard_globals
	local commands="list owners set note due undo history backup restore sync check import report summary show export judge link unlink suggest-links verify evidence remind action"
	# The subcommand is the first word that is neither an option nor an option's value.
	for ((i = 1; i < COMP_CWORD; i++)); do
		w=${COMP_WORDS[i]}
		case $w in
		--config | --db | --today | -e | --establishment | -c | --cycle | --owner | -o | \
			--output | -f | --format | -s | --status | --since | -n | --note | --reason | \
			--if-version | --due-within | --search | --category | --sort | --retract | \
			--correct | -d | --date | -l | --limit | -r | --reject | --days | --sendmail | \
			--from | --target | --text) ((i++)); continue ;;
		-*) continue ;;
		esac
		if [[ -z $cmd ]]; then cmd=$w; else ((nargs++)); fi
	done
	# Option values first: files, names from the database, or nothing to offer.
	case $prev in
	--config | --output | -o) [[ $cmd != list ]] && { COMPREPLY=($(compgen -f -- "$cur")); return; } ;;
	--db | --sendmail) COMPREPLY=($(compgen -f -- "$cur")); return ;;
	--days | --from) return ;;
	--today | --since | --reason | --note | -n | --search | --if-version | --due-within | \
		--retract | --correct | --date | -d | --limit | -l | --reject | -r) return ;;
	--establishment | -e)
		_actionboard_lines "$cur" < <(_actionboard_run summary --format csv | tail -n +2 | cut -d, -f1 | sort -u)
		return ;;
	--cycle | -c)
		_actionboard_lines "$cur" < <(_actionboard_run summary --format csv | tail -n +2 | cut -d, -f3 | sort -u)
		return ;;
	--owner)
		# The word may hold an escaped or quoted start of a name ("Head\ of"): unquote it.
		cur=$(eval "printf '%s' $cur" 2>/dev/null || printf '%s' "$cur")
		_actionboard_lines "$cur" < <(_actionboard_run owners --format csv | tail -n +2 |
			python3 -c 'import csv,sys; [print(r[0]) for r in csv.reader(sys.stdin)]' 2>/dev/null ||
			_actionboard_run owners --format csv | tail -n +2 | sed 's/,[0-9]*,[0-9]*,[0-9]*,[0-9]*$//; s/^"//; s/"$//')
		return ;;
	--format | -f)
		case $cmd in
		report) COMPREPLY=($(compgen -W "md html" -- "$cur")) ;;
		show) COMPREPLY=($(compgen -W "table json" -- "$cur")) ;;
		export) COMPREPLY=($(compgen -W "csv xlsx" -- "$cur")) ;;
		*) COMPREPLY=($(compgen -W "table csv json" -- "$cur")) ;;
		esac
		return ;;
	--category) COMPREPLY=($(compgen -W "priority key general" -- "$cur")); return ;;
	--sort) COMPREPLY=($(compgen -W "plan due late owner ref" -- "$cur")); return ;;
	--agreement) COMPREPLY=($(compgen -W "agreed partly_agreed not_agreed" -- "$cur")); return ;;
	--judged)
		COMPREPLY=($(compgen -W "achieved partially_achieved not_achieved no_meaningful_progress insufficient_progress reasonable_progress good_progress none" -- "$cur"))
		return ;;
	--status | -s)
		[[ $cmd == list ]] && COMPREPLY=($(compgen -W "planned in_progress blocked completed cancelled" -- "$cur"))
		[[ $cmd == report ]] && return
		[[ $cmd == list ]] && return ;;
	esac
	if [[ -z $cmd ]]; then
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W "--config --db --today --utc --help --version" -- "$cur"))
		else
			COMPREPLY=($(compgen -W "$commands help" -- "$cur"))
		fi
		return
	fi
	if [[ $cur == -* ]]; then
		local opts
		case $cmd in
		list) opts="--establishment --cycle --category --owner --status --open --overdue --due-within --search --slipped --items --agreement --judged --sort --format --bom --raw" ;;
		owners) opts="--establishment --cycle --format --raw" ;;
		set) opts="--note --if-version" ;;
		due) opts="--reason --if-version" ;;
		note) opts="--retract --correct" ;;
		history) opts="--format --raw" ;;
		backup) opts="--force" ;;
		restore) opts="--keep" ;;
		sync) opts="--quiet --full" ;;
		check) opts="--deep" ;;
		import) opts="--output --establishment --cycle --no-source --text" ;;
		report) opts="--establishment --cycle --owner --since --format --output --pack" ;;
		summary) opts="--establishment --cycle --due-within --format --raw" ;;
		show) opts="--establishment --cycle --format" ;;
		export) opts="--establishment --cycle --format --output --raw" ;;
		judge) opts="--date --note" ;;
		suggest-links) opts="--limit --format --raw" ;;
		verify) opts="--note --reject --format" ;;
		evidence) opts="--note --reason --output --format --force" ;;
		remind) opts="--days --dry-run --sendmail --from --format" ;;
		action) opts="--owner --target --text --reason --format" ;;
		esac
		COMPREPLY=($(compgen -W "$opts --help --config --db --today" -- "$cur"))
		return
	fi
	case $cmd in
	set | note | due | undo | history | show | verify)
		if ((nargs == 0)); then
			_actionboard_lines "$cur" < <(_actionboard_run list --format csv | tail -n +2 | cut -d, -f1)
		elif [[ $cmd == set && nargs -eq 1 ]]; then
			COMPREPLY=($(compgen -W "planned in_progress blocked completed cancelled" -- "$cur"))
		fi ;;
	judge | link | unlink | suggest-links)
		# Item keys: establishment, cycle and ref lead the CSV, before any text with commas.
		if ((nargs == 0)) || [[ $cmd == link && nargs -eq 1 ]]; then
			_actionboard_lines "$cur" < <(_actionboard_run list --items --format csv |
				tail -n +2 | cut -d, -f1,2,4 | tr , /)
		elif [[ $cmd == judge && nargs -eq 1 ]]; then
			COMPREPLY=($(compgen -W "irp inspection self" -- "$cur"))
		elif [[ $cmd == judge && nargs -eq 2 ]]; then
			case ${COMP_WORDS[COMP_CWORD - 1]} in
			irp) COMPREPLY=($(compgen -W "no_meaningful_progress insufficient_progress reasonable_progress good_progress" -- "$cur")) ;;
			inspection | self) COMPREPLY=($(compgen -W "achieved partially_achieved not_achieved" -- "$cur")) ;;
			esac
		fi ;;
	action)
		if ((nargs == 0)); then
			COMPREPLY=($(compgen -W "add edit retire" -- "$cur"))
		elif ((nargs == 1)) && [[ ${COMP_WORDS[*]} == *" add "* ]]; then
			_actionboard_lines "$cur" < <(_actionboard_run list --items --format csv |
				tail -n +2 | cut -d, -f1,2,4 | tr , /)
		elif ((nargs == 1)); then
			_actionboard_lines "$cur" < <(_actionboard_run list --format csv | tail -n +2 | cut -d, -f1)
		fi ;;
	evidence)
		if ((nargs == 0)); then
			COMPREPLY=($(compgen -W "add list get remove" -- "$cur"))
		elif ((nargs == 1)); then
			_actionboard_lines "$cur" < <(_actionboard_run list --format csv | tail -n +2 | cut -d, -f1)
		elif ((nargs == 2)) && [[ ${COMP_WORDS[*]} == *" add "* ]]; then
			COMPREPLY=($(compgen -f -- "$cur"))
		fi ;;
	import | backup | restore) COMPREPLY=($(compgen -f -- "$cur")) ;;
	help) ((nargs == 0)) && COMPREPLY=($(compgen -W "$commands" -- "$cur")) ;;
	esac
}
complete -F _actionboard actionboard
