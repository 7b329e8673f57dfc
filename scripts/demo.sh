#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# make demo: creates the demo database on first run (accounts, the Central Asia pledges
# and consultations, a synthetic registry), prints the logins and serves it.
set -euo pipefail
# Everything this script creates is for its owner only: the database (and its -wal/-shm),
# the key file and the logins file with the demo password are born 0600, never briefly
# readable by others before a chmod.
umask 077
bin=${1:-build/nansen}
db=${2:-var/demo.db}
listen=${3:-127.0.0.1:8080}
logins="$(dirname "$db")/demo-logins.txt"
mkdir -p "$(dirname "$db")"

# The sensitive-field key (interview notes, narratives, health, SGBV) lives beside the
# demo database, outside it; the seed and the server find it through the environment.
export NANSEN_SECURITY_KEY_FILE=${NANSEN_SECURITY_KEY_FILE:-"$(dirname "$db")/nansen.key"}
if [ ! -f "$NANSEN_SECURITY_KEY_FILE" ]; then
  "$bin" keys create --key-file "$NANSEN_SECURITY_KEY_FILE" --id demo1 >/dev/null
fi

if [ ! -f "$db" ]; then
  echo "Creating the demo database $db ..."
  password=$(head -c 12 /dev/urandom | base64 | tr -d '/+=' | cut -c1-14)
  "$bin" migrate --db "$db" >/dev/null
  add_user() {  # login role country org name
    local country_flag=()
    [ -n "$3" ] && country_flag=(--country "$3")
    echo "$password" | "$bin" user add "$1" --role "$2" "${country_flag[@]}" --org "$4" --name "$5" --db "$db" >/dev/null
  }
  add_user admin admin "" UNHCR "Demo administrator"
  add_user unhcr.almaty analyst "" UNHCR "UNHCR Almaty (regional)"
  add_user focal.kaz focal_point KAZ KAZ-GOV "Kazakhstan MFA focal point"
  add_user focal.kgz focal_point KGZ KGZ-GOV "Kyrgyzstan focal point"
  # The officers of each country's office: they register, draft, approve and decide
  # appeals in the synthetic registry (`nansen demo seed` acts as them, four eyes kept).
  for cc in kaz kgz tjk tkm uzb; do
    CC=$(echo "$cc" | tr a-z A-Z)
    add_user "registrar.$cc" registrar "$CC" "MIA-$CC" "Registration officer ($CC)"
    add_user "caseworker.$cc" caseworker "$CC" "MIA-$CC" "Caseworker ($CC)"
    add_user "decision.$cc" decision_maker "$CC" "MIA-$CC" "Supervisor ($CC)"
    add_user "appeals.$cc" decision_maker "$CC" "MIA-$CC" "Appeals officer ($CC)"
  done
  add_user observer observer "" "" "Observer"
  echo "Seeding the synthetic registry (about 10 000 persons) ..."
  "$bin" demo seed --db "$db"
  {
    echo "Demo logins (all with the password: $password)"
    echo "  admin            administrator, whole region"
    echo "  unhcr.almaty     UNHCR regional analyst: pledges, consultations, reports"
    echo "  focal.kaz        Kazakhstan government focal point (edits KAZ-GOV pledges)"
    echo "  focal.kgz        Kyrgyzstan focal point"
    echo "  registrar.kaz    registration officer, Kazakhstan"
    echo "  caseworker.kaz   caseworker, Kazakhstan (drafts decisions)"
    echo "  decision.kaz     decision maker, Kazakhstan (approves drafts)"
    echo "  appeals.kaz      decision maker, Kazakhstan (decides appeals)"
    echo "  the same four for kgz, tjk, tkm and uzb: caseworker.kgz, decision.tjk, ..."
    echo "  observer         read-only"
  } > "$logins"
  chmod 600 "$logins"
fi

echo
cat "$logins"
echo
echo "Nansen demo: open http://$listen/ and log in (Ctrl-C stops the server)."
echo "To start again from scratch: rm $db* $logins"
echo
exec "$bin" serve --db "$db" --listen "$listen"
