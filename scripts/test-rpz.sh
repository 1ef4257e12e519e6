#!/usr/bin/env bash
# Proves that exported response policy zones work in a real resolver.
#
#   scripts/test-rpz.sh [--zone NAME] [--blocked NAME]... [--lifted NAME]... [--open NAME]... BLOCKED_RPZ LIFTED_RPZ
#
# BLOCKED_RPZ is a zone as `kaiguul export blocklist --format rpz` writes it while blocks are active;
# LIFTED_RPZ the zone exported after some of them were lifted. Names are ASCII (Punycode for IDNs).
#   --blocked NAME  blocked in both zones: NAME and sub.NAME get NXDOMAIN throughout
#   --lifted NAME   blocked in the first zone only: NXDOMAIN first, resolves after the reload
#   --open NAME     never blocked: resolves throughout
#
# Both zones must pass named-checkzone. Then Unbound runs on 127.0.0.1 (a free high port, no upstream
# network) with the first zone as an `rpz:` zone and each test name served from a local auth-zone (apex and
# wildcard A records), so answers pass through the resolver's policy as real ones would. `local-data` would
# not do: Unbound answers it before applying RPZ. The second zone is then swapped in and Unbound reloaded
# through unbound-control. Every answer is printed; the script exits non-zero on any mismatch.
# Needs: unbound, unbound-control (unbound), named-checkzone (bind9-utils), dig (dnsutils).
# RPZ_TEST_SKIP_MISSING=1 turns missing tools into a skip (exit 0) instead of a failure.
set -euo pipefail
. "$(dirname "$0")/lib/unbound.sh"

zone="rpz.kaiguul"
blocked=()
lifted=()
open=()
files=()
while [ $# -gt 0 ]; do
    case "$1" in
        --zone) zone="${2:?--zone needs a name}"; shift 2 ;;
        --blocked) blocked+=("${2:?--blocked needs a name}"); shift 2 ;;
        --lifted) lifted+=("${2:?--lifted needs a name}"); shift 2 ;;
        --open) open+=("${2:?--open needs a name}"); shift 2 ;;
        -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
        -*) echo "test-rpz: unknown option $1" >&2; exit 2 ;;
        *) files+=("$1"); shift ;;
    esac
done
if [ ${#files[@]} -ne 2 ]; then
    echo "test-rpz: need two zone files: BLOCKED_RPZ LIFTED_RPZ (see --help)" >&2
    exit 2
fi
if [ ${#lifted[@]} -eq 0 ] || [ ${#open[@]} -eq 0 ]; then
    echo "test-rpz: need at least one --lifted and one --open name" >&2
    exit 2
fi
blocked_file="${files[0]}"
lifted_file="${files[1]}"
zone="${zone%.}"
for name in "${blocked[@]}" "${lifted[@]}" "${open[@]}"; do
    if ! [[ "$name" =~ ^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$ ]]; then
        echo "test-rpz: '$name' is not an ASCII host name" >&2
        exit 2
    fi
done

missing=()
for tool in unbound unbound-control unbound-checkconf named-checkzone dig ss; do
    command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "test-rpz: missing tools: ${missing[*]}" >&2
    if [ "${RPZ_TEST_SKIP_MISSING:-0}" = 1 ]; then echo "test-rpz: SKIPPED"; exit 0; fi
    exit 1
fi

# --- 1. the zones must be valid DNS zones -------------------------------------------------------------
serial_of() {
    local out
    if ! out=$(named-checkzone "$zone" "$1" 2>&1); then
        echo "$out" >&2
        echo "test-rpz: named-checkzone rejected $1" >&2
        return 1
    fi
    echo "$out" | sed -n 's/.*loaded serial \([0-9]*\).*/\1/p'
}
echo "== named-checkzone $zone"
blocked_serial=$(serial_of "$blocked_file")
lifted_serial=$(serial_of "$lifted_file")
echo "$blocked_file: OK, serial $blocked_serial"
echo "$lifted_file: OK, serial $lifted_serial"

# --- 2. a private resolver -----------------------------------------------------------------------------
work=$(mktemp -d "${TMPDIR:-/tmp}/kaiguul-rpz.XXXXXX")
unbound_pid=""
cleanup() {
    if [ -n "$unbound_pid" ] && kill -0 "$unbound_pid" 2>/dev/null; then
        kill "$unbound_pid" 2>/dev/null || true
        wait "$unbound_pid" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

cp "$blocked_file" "$work/policy.rpz"

# Each test name is the apex of its own small zone, with a wildcard so that sub.NAME exists too.
auth_zones=""
index=0
address_of() { echo "198.51.100.$(( $1 + 10 ))"; }
declare -A address
for name in "${blocked[@]}" "${lifted[@]}" "${open[@]}"; do
    name="${name%.}"
    [ -n "${address[$name]:-}" ] && continue
    index=$((index + 1))
    address[$name]=$(address_of "$index")
    auth_zones+="$(unbound_auth_zone "$work" "$name" "${address[$name]}" wildcard)
"
done

port_is_free() {
    [ -z "$(ss -Hlntu "( sport = :$1 )" 2>/dev/null)" ]
}
pick_port() {
    local p
    for _ in $(seq 1 50); do
        p=$(( 20000 + RANDOM % 40000 ))
        if port_is_free "$p"; then echo "$p"; return 0; fi
    done
    return 1
}

write_config() {
    { unbound_server "$work" unbound "$port"; cat <<EOF
    # The names used in tests sit under reserved TLDs that Unbound answers itself by default.
    local-zone: "test." nodefault
    local-zone: "invalid." nodefault
$auth_zones
rpz:
    name: "$zone."
    zonefile: "$work/policy.rpz"
    rpz-log: yes
    rpz-log-name: "kaiguul"
remote-control:
    control-enable: yes
    control-interface: 127.0.0.1
    control-port: $control_port
    control-use-cert: no
EOF
    } > "$work/unbound.conf"
}

control() { unbound-control -c "$work/unbound.conf" "$@"; }

started=no
for attempt in 1 2 3 4 5; do
    port=$(pick_port)
    control_port=$(pick_port)
    [ "$port" != "$control_port" ] || continue
    write_config
    unbound-checkconf "$work/unbound.conf" >/dev/null
    unbound -d -c "$work/unbound.conf" >"$work/unbound.out" 2>&1 &
    unbound_pid=$!
    for _ in $(seq 1 50); do
        if ! kill -0 "$unbound_pid" 2>/dev/null; then break; fi
        if control status >/dev/null 2>&1; then started=yes; break; fi
        sleep 0.1
    done
    [ "$started" = yes ] && break
    echo "test-rpz: unbound did not start on port $port (attempt $attempt)" >&2
    kill "$unbound_pid" 2>/dev/null || true
    wait "$unbound_pid" 2>/dev/null || true
    unbound_pid=""
done
if [ "$started" != yes ]; then
    cat "$work/unbound.out" "$work/unbound.log" 2>/dev/null >&2 || true
    echo "test-rpz: could not start unbound" >&2
    exit 1
fi
echo "== unbound $(unbound -V | head -1 | sed 's/Version //') on 127.0.0.1:$port (pid $unbound_pid)"

# --- 3. ask ---------------------------------------------------------------------------------------------
failures=0
policy_logged() {
    local needle=" rpz-nxdomain 127.0.0.1@[0-9]* ${1//./\\.}\\. A IN"
    for _ in $(seq 1 20); do
        # Each query is logged once; count lines so a later query cannot lean on an earlier one's line.
        if [ "$(grep -c "$needle" "$work/unbound.log" 2>/dev/null || true)" -gt "${logged[$1]:-0}" ]; then
            logged[$1]=$(( ${logged[$1]:-0} + 1 ))
            return 0
        fi
        sleep 0.05
    done
    return 1
}
declare -A logged
check() { # phase expectation name
    local phase="$1" expect="$2" name="$3" out status answer verdict
    out=$(dig @127.0.0.1 -p "$port" +time=2 +tries=2 +noall +comments +answer "$name" A 2>&1) || true
    status=$(echo "$out" | sed -n 's/.*status: \([A-Z]*\).*/\1/p' | head -1)
    answer=$(echo "$out" | awk '!/^;/ && $4 == "A" {print $5}' | paste -sd' ' -)
    local base="${name#sub.}"
    verdict=ok
    if [ "$expect" = NXDOMAIN ]; then
        [ "$status" = NXDOMAIN ] && [ -z "$answer" ] || verdict=MISMATCH
        # NXDOMAIN for a missing name would prove nothing: the resolver must say its policy answered.
        if [ "$verdict" = ok ] && ! policy_logged "$name"; then verdict="MISMATCH(no rpz log line)"; fi
    else
        [ "$status" = NOERROR ] && [ "$answer" = "${address[$base]:-${address[$name]:-}}" ] || verdict=MISMATCH
    fi
    printf '%-8s %-48s expect %-9s got %-9s %-16s %s\n' "$phase" "$name" "$expect" "${status:-none}" \
        "${answer:--}" "$verdict"
    if [ "$verdict" != ok ]; then
        failures=$((failures + 1))
        echo "$out" | sed 's/^/    | /'
    fi
}

expect_serial() {
    local want="$1" got
    got=$(control list_auth_zones 2>/dev/null | awk -v z="$zone." '$1 == z {print $3}')
    if [ "$got" = "$want" ]; then
        echo "policy zone $zone loaded with serial $got"
    else
        echo "policy zone $zone: expected serial $want, resolver has '${got:-none}'   MISMATCH"
        failures=$((failures + 1))
    fi
}

echo "== phase 1: $blocked_file"
expect_serial "$blocked_serial"
for name in "${blocked[@]}" "${lifted[@]}"; do
    check blocked NXDOMAIN "$name"
    check blocked NXDOMAIN "sub.$name"
done
for name in "${open[@]}"; do
    check blocked NOERROR "$name"
    check blocked NOERROR "sub.$name"
done

echo "== phase 2: $lifted_file (unbound-control reload)"
cp "$lifted_file" "$work/policy.rpz"
control reload >/dev/null
for _ in $(seq 1 50); do
    control status >/dev/null 2>&1 && break
    sleep 0.1
done
expect_serial "$lifted_serial"
for name in "${lifted[@]}" "${open[@]}"; do
    check lifted NOERROR "$name"
    check lifted NOERROR "sub.$name"
done
for name in "${blocked[@]}"; do
    check lifted NXDOMAIN "$name"
    check lifted NXDOMAIN "sub.$name"
done

echo "== resolver's policy log"
grep 'rpz:' "$work/unbound.log" | sed 's/^\[[0-9]*\] //' || echo "(no rpz lines)"

if [ "$failures" -gt 0 ]; then
    echo "test-rpz: FAILED ($failures mismatches)"
    exit 1
fi
echo "test-rpz: PASSED"
