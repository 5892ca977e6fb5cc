#!/bin/sh
# Instructions executed by one `anju build` of a bench corpus, counted by valgrind's
# callgrind: deterministic, where wall time on this VM varies by a fifth from run to run,
# so it compares two versions of a change. callgrind cannot read the Swift debug
# information of the release binary ("possibly corrupted debuginfo file"), so it runs a
# copy with the debug sections stripped and the symbol table kept (function names, no
# lines). About 40 s at 1,000 pages, 7 minutes at 10,000.
#
#   bench/instructions.sh [pages] [binary]    (defaults: 1000, .build/release/anju)
#   callgrind_annotate .build-bench/callgrind.out | less    # by function
set -eu
pages=${1:-1000}
binary=${2:-.build/release/anju}
corpus=.build-bench/corpus-$pages-3
[ -d "$corpus" ] || { echo "no $corpus: run make bench first" >&2; exit 1; }
command -v valgrind >/dev/null || { [ "$(id -u)" = 0 ] && apt-get install -y -qq valgrind >/dev/null; }
stripped=.build-bench/anju-symbols-only
strip --strip-debug -o "$stripped" "$binary"
# One output folder per corpus: building 1,000 pages over 10,000 pages' output is not the
# steady state the bench times (it counted 2.7 G instructions where the steady state is 2.3 G).
output=.build-bench/instructions-output-$pages
# Once before counting: the counted build then rebuilds over its own output, as the bench times.
(cd "$corpus" && "$OLDPWD/$stripped" build --now "2026-11-29 10:00" --output "$OLDPWD/$output" >/dev/null)
(cd "$corpus" && valgrind --tool=callgrind --callgrind-out-file="$OLDPWD/.build-bench/callgrind.out" \
    "$OLDPWD/$stripped" build --now "2026-11-29 10:00" --output "$OLDPWD/$output" 2>&1 >/dev/null) |
    sed -n 's/.*Collected : \([0-9]*\).*/\1 instructions/p'
