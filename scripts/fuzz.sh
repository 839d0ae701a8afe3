#!/usr/bin/env bash
# Fuzzes Kith's readers with libFuzzer (shipped with the Swift toolchain).
#
#   scripts/fuzz.sh [--seconds N] [--build-only] [TARGET…]
#
# Targets: content-line, icalendar, vcard, toml, state-import (default: all, one after the other, N seconds
# each; 60 by default). Each is built with `swiftc -sanitize=fuzzer,address` straight from the sources
# (KithSystem, KithFormats and KithCore as static libraries; the two TOML files of KithCore for `toml`;
# KithStore's files that need no SQLite for `state-import`), so the SwiftPM build is untouched. Seeds are read
# where they lie: /work/shared/corpus (or $KITH_FUZZ_SEEDS), examples/inbox, Tests/*/Fixtures and
# config/*.example; inputs libFuzzer finds are kept outside the tree in $KITH_FUZZ_WORK (/tmp/kith-fuzz by
# default). A crash, a leak, a timeout (10 s, the "freeze" class) or running out of memory (2 GB) saves the
# input under fuzz/crashes/ and makes the script exit 1; a build failure exits 2.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
seconds=60
build_only=0
targets=()
while (($#)); do
    case "$1" in
    --seconds)
        seconds=${2:?--seconds needs a number}
        shift 2
        ;;
    --build-only)
        build_only=1
        shift
        ;;
    -h | --help)
        sed -n '2,13p' "$0"
        exit 0
        ;;
    -*)
        echo "fuzz.sh: unknown option $1" >&2
        exit 64
        ;;
    *)
        targets+=("$1")
        shift
        ;;
    esac
done
all=(content-line icalendar vcard toml state-import)
((${#targets[@]})) || targets=("${all[@]}")
for target in "${targets[@]}"; do
    [[ -f "$root/fuzz/targets/$target.swift" ]] || {
        echo "fuzz.sh: no target $target (have: ${all[*]})" >&2
        exit 64
    }
done

work=${KITH_FUZZ_WORK:-/tmp/kith-fuzz}
seeds=${KITH_FUZZ_SEEDS:-/work/shared/corpus}
build="$work/build"
mkdir -p "$build" "$root/fuzz/crashes"
flags=(-O -parse-as-library -sanitize=fuzzer,address -package-name kith -g)

# Builds Sources/NAME into a static library, unless it is newer than its sources and than the library it
# depends on (DEPENDENCY, a module name, or nothing).
build_library() {
    local name=$1 dependency=${2:-}
    local library="$build/lib$name.a"
    local newest
    newest=$(find "$root/Sources/$name" -name '*.swift' -newer "$library" 2>/dev/null | head -1 || true)
    if [[ -f "$library" && -z "$newest" ]] && [[ -z "$dependency" || ! "$build/lib$dependency.a" -nt "$library" ]]; then
        return 0
    fi
    echo "fuzz.sh: building $name" >&2
    # The service's wall-clock timer needs the C shim CKithSystem; nothing a fuzz target reaches uses it.
    (cd "$build" && swiftc "${flags[@]}" -module-name "$name" -emit-module -emit-library -static -I "$build" \
        -o "$library" $(find "$root/Sources/$name" -name '*.swift' ! -name RealtimeTimer.swift | sort))
}

build_target() {
    local target=$1
    local sources=("$root/fuzz/targets/$target.swift")
    local libraries=(-lKithFormats -lKithSystem)
    case "$target" in
    toml)
        sources+=("$root/Sources/KithCore/Config/TOMLParser.swift" "$root/Sources/KithCore/Config/TOMLDocument.swift")
        ;;
    state-import)
        # Everything an import checks before it opens the database; none of these files imports GRDB.
        local store="$root/Sources/KithStore"
        sources+=("$store/JSONValue.swift" "$store/StateExport.swift" "$store/StateExportProblem.swift"
            "$store/StateFormat.swift")
        build_library KithCore KithFormats || return 1
        libraries=(-lKithCore -lKithFormats -lKithSystem)
        ;;
    esac
    swiftc "${flags[@]}" -module-name "Fuzz_${target//-/_}" -I "$build" -L "$build" "${libraries[@]}" \
        -o "$build/fuzz-$target" "${sources[@]}"
}

seed_dirs() {
    local target=$1
    case "$target" in
    toml)
        echo "$root/config" "$root/Tests/KithCoreTests/Fixtures"
        ;;
    state-import)
        echo "$root/Tests/KithStoreTests/Fixtures"
        ;;
    vcard)
        echo "$seeds/vcf" "$root/examples/inbox" "$root/Tests/KithFormatsTests/Fixtures"
        ;;
    icalendar)
        echo "$seeds/ics" "$seeds/rrule" "$root/examples/inbox" "$root/Tests/KithFormatsTests/Fixtures"
        ;;
    *)
        echo "$seeds/ics" "$seeds/vcf" "$root/examples/inbox" "$root/Tests/KithFormatsTests/Fixtures"
        ;;
    esac
}

build_library KithSystem || exit 2
build_library KithFormats KithSystem || exit 2
for target in "${targets[@]}"; do
    build_target "$target" || exit 2
done
((build_only)) && exit 0

failed=0
for target in "${targets[@]}"; do
    corpus="$work/corpus/$target"
    mkdir -p "$corpus"
    existing=()
    for dir in $(seed_dirs "$target"); do [[ -d $dir ]] && existing+=("$dir"); done
    dict="$root/fuzz/kith.dict"
    [[ $target == toml ]] && dict="$root/fuzz/toml.dict"
    [[ $target == state-import ]] && dict="$root/fuzz/state-import.dict"
    echo "fuzz.sh: $target for ${seconds}s (seeds: ${existing[*]})" >&2
    status=0
    ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0} "$build/fuzz-$target" "$corpus" "${existing[@]}" \
        -dict="$dict" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
        -print_final_stats=1 -artifact_prefix="$root/fuzz/crashes/$target-" || status=$?
    if ((status != 0)); then
        echo "fuzz.sh: $target failed (exit $status); the input is in fuzz/crashes/" >&2
        failed=1
    fi
done
exit $failed
