# Shared by the resolver tests (scripts/test-rpz.sh, scripts/test-probes.sh): a private Unbound on
# 127.0.0.1 that serves test names from local auth-zones, so answers pass through its response policy
# as real ones would (`local-data` would not: Unbound answers it before applying RPZ). Source it.

# unbound_auth_zone DIR NAME ADDRESS [wildcard]: writes DIR/NAME.zone (apex A record, and `*` too with
# `wildcard`) and prints its `auth-zone:` stanza.
unbound_auth_zone() {
    local dir="$1" name="$2" address="$3" wildcard="${4:-}"
    {
        printf '$ORIGIN %s.\n$TTL 60\n' "$name"
        printf '@ IN SOA localhost. hostmaster.localhost. 1 3600 600 604800 60\n@ IN NS localhost.\n'
        printf '@ IN A %s\n' "$address"
        if [ "$wildcard" = wildcard ]; then printf '* IN A %s\n' "$address"; fi
    } > "$dir/$name.zone"
    printf 'auth-zone:\n    name: "%s."\n    zonefile: "%s"\n    for-upstream: yes\n    for-downstream: no\n    fallback-enabled: no\n' \
        "$name" "$dir/$name.zone"
}

# unbound_server DIR NAME PORT: prints the `server:` section of a foreground, unprivileged resolver
# on 127.0.0.1:PORT with its pid file and log under DIR/NAME.*; no upstream queries to loopback.
unbound_server() {
    local dir="$1" name="$2" port="$3"
    cat <<EOF
server:
    interface: 127.0.0.1
    port: $port
    do-ip6: no
    do-daemonize: no
    chroot: ""
    username: ""
    directory: "$dir"
    pidfile: "$dir/$name.pid"
    use-syslog: no
    logfile: "$dir/$name.log"
    verbosity: 1
    num-threads: 1
    module-config: "respip validator iterator"
    do-not-query-localhost: yes
    access-control: 127.0.0.0/8 allow
EOF
}
