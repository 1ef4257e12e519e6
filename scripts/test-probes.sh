#!/usr/bin/env bash
# A probe in a provider's network, end to end on loopback: the five kinds of target get the right verdict,
# the probe uploads, and the provider's compliance page shows it.
#
#   scripts/test-probes.sh [path/to/kaiguul]
#
# - Five blocked targets (kaiguul-fixture blocklist block, the full case workflow), each a loopback site on
#   127.0.0.x at one high port, so the block orders name `name.example:PORT`:
#     accessible-fictional.example   the provider lets it through (a non-compliant provider)   -> accessible
#     dns-blocked-fictional.example  the provider's resolver applies the exported RPZ           -> blocked-dns
#     tcp-blocked-fictional.example  the site drops SYNs from the probe's address 127.0.0.5
#                                    (a socket filter on its listener: IP blocking without iptables) -> blocked-tcp
#     blockpage-fictional.example    the provider's resolver sends it to a blockpage in its own network
#                                    (a known Kyrgyz ISP blockpage's text)                       -> blocked-http
#     down-fictional.example         nothing listens anywhere: not a working block              -> down-everywhere
# - Two Unbound resolvers on 127.0.0.1 (as in scripts/test-rpz.sh): the control's, with the sites' zones only;
#   the provider's, with a provider policy zone first (passthru for the sites it does not block by DNS, the
#   blockpage redirect) and then the RPZ exported by `kaiguul export blocklist --format rpz`.
# - `kaiguul serve` on a temporary SQLite folder, the control measured through the control resolver.
#   An admin adds 127.0.0.0/8 to the networks table (CSV import) and registers a probe without a network on
#   /probes; the probe's token is read from that page, shown once.
# - `kaiguul probe --once --bind 127.0.0.5 --resolver <provider's> --key-fingerprint <audit key>`; a second run
#   with a wrong pinned fingerprint must refuse the list. The probe's verdict lines and /compliance/64500 are
#   checked; the script exits non-zero on any mismatch.
# Needs: unbound, unbound-checkconf, python3, curl (and the binaries: swift build --build-tests).
# PROBE_TEST_SKIP_MISSING=1 turns missing tools into a skip (exit 0).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/unbound.sh
bin="${1:-$PWD/.build/debug/kaiguul}"
fixture_bin="$(dirname "$bin")/kaiguul-fixture"
[ -x "$bin" ] || { echo "test-probes: $bin not built" >&2; exit 2; }
[ -x "$fixture_bin" ] || { echo "test-probes: $fixture_bin not built (swift build --build-tests)" >&2; exit 2; }
missing=()
for tool in unbound unbound-checkconf python3 curl; do
    command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "test-probes: missing tools: ${missing[*]}" >&2
    if [ "${PROBE_TEST_SKIP_MISSING:-0}" = 1 ]; then echo "test-probes: SKIPPED"; exit 0; fi
    exit 1
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/kaiguul-probes.XXXXXX")"
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT
unset DATABASE_URL
export KAIGUUL_DATA_DIR="$work/server"
export KAIGUUL_BCRYPT_COST=4

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
site_port=$(free_port)
server_port=$(free_port)
control_port=$(free_port)
provider_port=$(free_port)
base="http://127.0.0.1:$server_port"

accessible=accessible-fictional.example
dns_blocked=dns-blocked-fictional.example
tcp_blocked=tcp-blocked-fictional.example
blockpage=blockpage-fictional.example
down=down-fictional.example
declare -A address=([$accessible]=127.0.0.2 [$dns_blocked]=127.0.0.3 [$tcp_blocked]=127.0.0.4 [$blockpage]=127.0.0.6
                    [$down]=127.0.0.8)
declare -A expect=([$accessible]=accessible [$dns_blocked]=blocked-dns [$tcp_blocked]=blocked-tcp
                   [$blockpage]=blocked-http [$down]=down-everywhere)
names=("$accessible" "$dns_blocked" "$tcp_blocked" "$blockpage" "$down")
admin_password="correct-horse-battery-staple"

# --- 1. the admin, then the block orders, then the exported RPZ ---------------------------------------------
echo "$admin_password" | "$bin" user create probeadmin --role admin --password-stdin --log warning >/dev/null
targets=""
for name in "${names[@]}"; do targets+="${targets:+,}http://$name:$site_port/"; done
"$fixture_bin" blocklist block "$targets" --log warning
"$bin" export blocklist --format rpz --out "$work/kaiguul.rpz" --log warning
for name in "${names[@]}"; do
    grep -q "^$name" "$work/kaiguul.rpz" || { echo "test-probes: $name missing from the exported RPZ" >&2; exit 1; }
done

# --- 2. the sites -------------------------------------------------------------------------------------------
cat > "$work/sites.py" <<'EOF'
import ctypes, http.server, socket, socketserver, struct, sys, threading
port = int(sys.argv[1])
PAGES = {
    "127.0.0.2": ("Ak Tash (fictional)", "A fictional site that nobody blocks in this network."),
    "127.0.0.3": ("Kok Jel (fictional)", "A fictional site the provider blocks by DNS."),
    "127.0.0.4": ("Kara Tuman (fictional)", "A fictional site the provider blocks by address."),
    "127.0.0.6": ("Ak Boroon (fictional)", "A fictional site the provider sends to its blockpage."),
    # A blockpage in the provider's network, with the text of a Kyrgyz ISP's known blockpage.
    "127.0.0.7": ("Access denied", '<p class="error">Access to the requested website has been blocked by judicial decision!</p>'),
}
# Drops every packet from the probe's address to a listener (classic BPF on the socket): its SYNs go
# unanswered, as behind a provider's IP block, while everyone else connects.
def drop_from(sock, source):
    src = struct.unpack("!I", socket.inet_aton(source))[0]
    net_off = (-0x100000 + 12) & 0xffffffff
    code = [(0x20, 0, 0, net_off), (0x15, 0, 1, src), (0x06, 0, 0, 0), (0x06, 0, 0, 0xffffffff)]
    buf = ctypes.create_string_buffer(b"".join(struct.pack("HBBI", *c) for c in code))
    sock.setsockopt(socket.SOL_SOCKET, 26, struct.pack("HL", len(code), ctypes.addressof(buf)))
    return buf
class Page(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        title, text = PAGES[self.server.server_address[0]]
        body = f"<!doctype html><html><head><title>{title}</title></head><body>{text}<p>{'.' * 2000}</p></body></html>".encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *args): pass
class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True
keep = []
for address in PAGES:
    server = Server((address, port), Page)
    if address == "127.0.0.4":
        keep.append(drop_from(server.socket, "127.0.0.5"))
    threading.Thread(target=server.serve_forever, daemon=True).start()
print("ready", flush=True)
threading.Event().wait()
EOF
python3 "$work/sites.py" "$site_port" > "$work/sites.out" 2>&1 &
pids+=($!)
for _ in $(seq 50); do grep -q ready "$work/sites.out" 2>/dev/null && break; sleep 0.1; done
grep -q ready "$work/sites.out" || { cat "$work/sites.out" >&2; echo "test-probes: the sites did not start" >&2; exit 1; }

# --- 3. two resolvers ---------------------------------------------------------------------------------------
auth_zones=""
for name in "${names[@]}"; do
    auth_zones+="$(unbound_auth_zone "$work" "$name" "${address[$name]}")
"
done
# The provider's own policy, before Kaiguul's list: what it does not block by DNS passes through, and one
# name goes to its blockpage.
cat > "$work/provider.rpz" <<EOF
\$ORIGIN provider-policy.
\$TTL 60
@ IN SOA localhost. hostmaster.localhost. 1 3600 600 604800 60
@ IN NS localhost.
$accessible CNAME rpz-passthru.
$tcp_blocked CNAME rpz-passthru.
$blockpage A 127.0.0.7
EOF
resolver_config() { # name port policy...
    local name="$1" port="$2"
    shift 2
    { unbound_server "$work" "$name" "$port"; echo "$auth_zones"; } > "$work/$name.conf"
    for policy in "$@"; do
        cat >> "$work/$name.conf" <<EOF
rpz:
    name: "${policy%%=*}."
    zonefile: "${policy#*=}"
    rpz-log: yes
EOF
    done
    unbound-checkconf "$work/$name.conf" >/dev/null
    unbound -d -c "$work/$name.conf" > "$work/$name.out" 2>&1 &
    pids+=($!)
}
resolver_config control "$control_port"
resolver_config provider "$provider_port" "provider-policy=$work/provider.rpz" "rpz.kaiguul=$work/kaiguul.rpz"
resolves() { # port name -> first A record, or the status
    python3 - "$1" "$2" <<'EOF'
import random, socket, struct, sys
port, name = int(sys.argv[1]), sys.argv[2]
qid = random.randrange(65536)
q = struct.pack("!HHHHHH", qid, 0x0100, 1, 0, 0, 0) + b"".join(bytes([len(p)]) + p.encode() for p in name.split(".")) + b"\0" + struct.pack("!HH", 1, 1)
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.settimeout(1)
try:
    s.sendto(q, ("127.0.0.1", port)); r = s.recv(4096)
except OSError:
    print("none"); sys.exit()
rcode = r[3] & 15; an = struct.unpack("!H", r[6:8])[0]
print("NXDOMAIN" if rcode == 3 else (socket.inet_ntoa(r[-4:]) if an else f"rcode{rcode}"))
EOF
}
for port in "$control_port" "$provider_port"; do
    for _ in $(seq 50); do [ "$(resolves "$port" "$accessible")" = 127.0.0.2 ] && break; sleep 0.1; done
done
failures=0
check_dns() { # resolver port name expected
    local got
    got=$(resolves "$2" "$3")
    printf 'dns      %-9s %-34s expect %-9s got %-9s %s\n' "$1" "$3" "$4" "$got" "$([ "$got" = "$4" ] && echo ok || echo MISMATCH)"
    [ "$got" = "$4" ] || failures=$((failures + 1))
}
for name in "${names[@]}"; do check_dns control "$control_port" "$name" "${address[$name]}"; done
check_dns provider "$provider_port" "$accessible" 127.0.0.2
check_dns provider "$provider_port" "$dns_blocked" NXDOMAIN
check_dns provider "$provider_port" "$tcp_blocked" 127.0.0.4
check_dns provider "$provider_port" "$blockpage" 127.0.0.7
check_dns provider "$provider_port" "$down" NXDOMAIN

# --- 4. the server ------------------------------------------------------------------------------------------
KAIGUUL_CONTROL_RESOLVER="127.0.0.1:$control_port" KAIGUUL_FETCH_ALLOW=127.0.0.0/8 KAIGUUL_VERIFY_TIMEOUT=3 \
    "$bin" serve --hostname 127.0.0.1 --port "$server_port" --log warning > "$work/server.log" 2>&1 &
pids+=($!)
server_pid=$!
for _ in $(seq 240); do
    curl -sf -o /dev/null "$base/healthz" && break
    kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log" >&2; echo "test-probes: the server stopped" >&2; exit 1; }
    sleep 0.5
done
curl -sf -o /dev/null "$base/healthz" || { tail -20 "$work/server.log" >&2; echo "test-probes: no server" >&2; exit 1; }

jar="$work/cookies"
csrf() { curl -sf -c "$jar" -b "$jar" "$base$1" | grep -o 'name="_csrf" value="[^"]*"' | head -1 | sed 's/.*value="//; s/"$//'; }
token=$(csrf /login)
curl -sf -o /dev/null -c "$jar" -b "$jar" --data-urlencode "_csrf=$token" --data-urlencode "username=probeadmin" \
    --data-urlencode "password=$admin_password" "$base/login"
token=$(csrf /probes)
[ -n "$token" ] || { echo "test-probes: the admin could not sign in" >&2; exit 1; }
curl -s -o /dev/null -c "$jar" -b "$jar" --data-urlencode "_csrf=$token" \
    --data-urlencode $'csv=prefix,asn,name\n127.0.0.0/8,64500,Fictional Loopback Telecom' "$base/probes/networks/import"
probe_page=$(curl -s -c "$jar" -b "$jar" --data-urlencode "_csrf=$token" --data-urlencode "name=Loopback probe (fictional)" \
    --data-urlencode "kind=provider" "$base/probes")
probe_token=$(echo "$probe_page" | grep -o 'kgp_[A-Za-z0-9_-]*' | head -1)
[ -n "$probe_token" ] || { echo "test-probes: no probe token on the page" >&2; exit 1; }
fingerprint=$(curl -sf "$base/.well-known/kaiguul-keys.json" \
    | python3 -c 'import json, sys; print(next(k["fingerprint"] for k in json.load(sys.stdin)["keys"] if k["use"] == "audit"))')
echo "probe registered; audit key $fingerprint"

# --- 5. the probe -------------------------------------------------------------------------------------------
probe() {
    KAIGUUL_DATA_DIR="$work/probe" KAIGUUL_PROBE_TOKEN="$probe_token" "$bin" probe --server "$base" \
        --resolver "127.0.0.1:$provider_port" --bind 127.0.0.5 --timeout 2 --allow-loopback --once --log warning "$@"
}
if probe --key-fingerprint "sha256:$(printf '0%.0s' $(seq 64))" > "$work/pinned.out" 2> "$work/pinned.err"; then
    echo "test-probes: the probe took a list signed by a key other than the pinned one   MISMATCH"
    failures=$((failures + 1))
else
    echo "pinned   a wrong pinned fingerprint refuses the list: $(grep -o 'not the pinned.*' "$work/pinned.err" | head -1)"
fi
probe --key-fingerprint "$fingerprint" > "$work/probe.out" 2> "$work/probe.err" \
    || { cat "$work/probe.err" >&2; tail -20 "$work/server.log" >&2; echo "test-probes: the probe failed" >&2; exit 1; }
sed 's/^/    probe: /' "$work/probe.err"
# A probe holds no database and no keys: nothing may appear in its data folder.
if [ -e "$work/probe" ]; then
    echo "probe: created $work/probe (a database or keys on the probe's machine)   MISMATCH"
    failures=$((failures + 1))
else
    echo "probe: no data folder created on the probe's machine   ok"
fi
for name in "${names[@]}"; do
    line=$(awk -F'\t' -v t="$name:$site_port" '$2 == t' "$work/probe.out")
    got=$(echo "$line" | cut -f3)
    printf 'verdict  %-40s expect %-16s got %-16s %s %s\n' "$name" "${expect[$name]}" "${got:-none}" \
        "$(echo "$line" | cut -s -f4)" "$([ "$got" = "${expect[$name]}" ] && echo ok || echo MISMATCH)"
    [ "$got" = "${expect[$name]}" ] || failures=$((failures + 1))
done
if ! awk -F'\t' -v t="$blockpage:$site_port" '$2 == t' "$work/probe.out" | grep -q 'cp.c_isp_kg_elcat'; then
    echo "blockpage: the Kyrgyz ISP blockpage was not recognised   MISMATCH"
    failures=$((failures + 1))
fi

# --- 6. the provider's compliance page ----------------------------------------------------------------------
index=$(curl -s -b "$jar" "$base/compliance")
page=$(curl -s -b "$jar" "$base/compliance/64500")
if echo "$index" | grep -q 'data-asn="64500"' && echo "$page" | grep -q 'Fictional Loopback Telecom'; then
    echo "compliance: AS64500 Fictional Loopback Telecom listed   ok"
else
    echo "compliance: AS64500 missing   MISMATCH"
    failures=$((failures + 1))
fi
while IFS=$'\t' read -r order target verdict _; do
    id="${order#order }"
    if echo "$page" | grep -q "data-order=\"$id\" data-verdict=\"$verdict\""; then
        echo "compliance: order $id $target shows $verdict   ok"
    else
        echo "compliance: order $id $target does not show $verdict   MISMATCH"
        failures=$((failures + 1))
    fi
done < "$work/probe.out"
enforced=$(echo "$index" | grep -o 'data-enforced="[0-9]*"' | head -1)
[ "$enforced" = 'data-enforced="3"' ] && echo "compliance: 3 orders enforced   ok" \
    || { echo "compliance: expected data-enforced=\"3\", got $enforced   MISMATCH"; failures=$((failures + 1)); }

if [ "$failures" -gt 0 ]; then
    echo "test-probes: FAILED ($failures mismatches)"
    exit 1
fi
echo "test-probes: PASSED"
