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
	local commands="list owners set note due history backup sync check import report summary show"
	# The subcommand is the first word that is neither an option nor an option's value.
	for ((i = 1; i < COMP_CWORD; i++)); do
		w=${COMP_WORDS[i]}
		case $w in
		--config | --db | --today | -e | --establishment | -c | --cycle | --owner | -o | \
			--output | -f | --format | -s | --status | --since | -n | --note | --reason | \
			--if-version | --due-within | --search) ((i++)); continue ;;
		-*) continue ;;
		esac
		if [[ -z $cmd ]]; then cmd=$w; else ((nargs++)); fi
	done
	# Option values first: files, names from the database, or nothing to offer.
	case $prev in
	--config | --output | -o) [[ $cmd != list ]] && { COMPREPLY=($(compgen -f -- "$cur")); return; } ;;
	--db) COMPREPLY=($(compgen -f -- "$cur")); return ;;
	--today | --since | --reason | --note | -n | --search | --if-version | --due-within) return ;;
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
		*) COMPREPLY=($(compgen -W "table csv json" -- "$cur")) ;;
		esac
		return ;;
	--status | -s)
		[[ $cmd == list ]] && COMPREPLY=($(compgen -W "planned in_progress blocked completed cancelled" -- "$cur"))
		[[ $cmd == report ]] && return
		[[ $cmd == list ]] && return ;;
	esac
	if [[ -z $cmd ]]; then
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W "--config --db --today --help --version" -- "$cur"))
		else
			COMPREPLY=($(compgen -W "$commands help" -- "$cur"))
		fi
		return
	fi
	if [[ $cur == -* ]]; then
		local opts
		case $cmd in
		list) opts="--establishment --cycle --owner --status --overdue --due-within --search --items --format" ;;
		owners) opts="--establishment --cycle --format" ;;
		set) opts="--note --if-version" ;;
		due) opts="--reason --if-version" ;;
		history) opts="--format" ;;
		backup) opts="--force" ;;
		sync) opts="--quiet --full" ;;
		import) opts="--output --establishment --cycle --no-source" ;;
		report) opts="--establishment --cycle --owner --since --format --output" ;;
		summary) opts="--establishment --cycle --due-within --format" ;;
		show) opts="--establishment --cycle --format" ;;
		esac
		COMPREPLY=($(compgen -W "$opts --help --config --db --today" -- "$cur"))
		return
	fi
	case $cmd in
	set | note | due | history | show)
		if ((nargs == 0)); then
			_actionboard_lines "$cur" < <(_actionboard_run list --format csv | tail -n +2 | cut -d, -f1)
		elif [[ $cmd == set && nargs -eq 1 ]]; then
			COMPREPLY=($(compgen -W "planned in_progress blocked completed cancelled" -- "$cur"))
		fi ;;
	import | backup) COMPREPLY=($(compgen -f -- "$cur")) ;;
	help) ((nargs == 0)) && COMPREPLY=($(compgen -W "$commands" -- "$cur")) ;;
	esac
}
complete -F _actionboard actionboard
