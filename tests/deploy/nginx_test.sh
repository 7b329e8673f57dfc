#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The nginx configuration that README.md documents under "## Behind nginx (TLS)" is valid:
# that very ```nginx block, with a throwaway self-signed certificate in place of the real
# one, inside a minimal nginx.conf, passes `nginx -t`. Exit 77 (skipped) only when nginx
# is not installed (scripts/install-deps.sh --test installs it).
set -euo pipefail
readme="${1:?usage: nginx_test.sh README.md}"

nginx_bin=$(command -v nginx || true)
[ -z "$nginx_bin" ] && [ -x /usr/sbin/nginx ] && nginx_bin=/usr/sbin/nginx
if [ -z "$nginx_bin" ]; then
  echo "SKIP: nginx is not installed"
  exit 77
fi
command -v openssl >/dev/null || { echo "FAIL: openssl is needed for the test certificate"; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The first ```nginx block of the section, verbatim.
awk '/^## Behind nginx \(TLS\)[[:space:]]*$/ { in_section = 1; next }
     in_section && /^## / { exit }
     in_section && !in_block && /^```nginx[[:space:]]*$/ { in_block = 1; next }
     in_block && /^```[[:space:]]*$/ { exit }
     in_block { print }' "$readme" > "$tmp/nansen.conf"
if [ ! -s "$tmp/nansen.conf" ]; then
  echo "FAIL: no \`\`\`nginx block under '## Behind nginx (TLS)' in $readme"
  exit 1
fi
grep -Eq 'proxy_pass[[:space:]]+http://127\.0\.0\.1:8080;' "$tmp/nansen.conf" ||
  { echo "FAIL: the block does not proxy to Nansen's default listen address"; exit 1; }

openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=nansen.example.org \
  -keyout "$tmp/key.pem" -out "$tmp/cert.pem" 2>"$tmp/openssl.log" ||
  { cat "$tmp/openssl.log"; echo "FAIL: openssl could not make a certificate"; exit 1; }
sed -E -i \
  -e "s|^([[:space:]]*ssl_certificate)[[:space:]]+[^;]+;|\\1 $tmp/cert.pem;|" \
  -e "s|^([[:space:]]*ssl_certificate_key)[[:space:]]+[^;]+;|\\1 $tmp/key.pem;|" \
  "$tmp/nansen.conf"
if [ "$(grep -c "$tmp/" "$tmp/nansen.conf")" != 2 ]; then
  echo "FAIL: the block must name one ssl_certificate and one ssl_certificate_key"
  exit 1
fi

mkdir -p "$tmp/logs"
cat > "$tmp/nginx.conf" <<CONF
pid $tmp/nginx.pid;
error_log $tmp/logs/error.log;
events {}
http {
    access_log off;
    client_body_temp_path $tmp/client_body;
    proxy_temp_path $tmp/proxy;
    fastcgi_temp_path $tmp/fastcgi;
    uwsgi_temp_path $tmp/uwsgi;
    scgi_temp_path $tmp/scgi;
    include $tmp/nansen.conf;
}
CONF
"$nginx_bin" -t -p "$tmp" -e "$tmp/logs/error.log" -c "$tmp/nginx.conf"
