#!/usr/bin/env bash
# Makes a self-signed certificate for localhost and 127.0.0.1 (both in subjectAltName): OUTDIR/cert.pem and OUTDIR/key.pem.
set -euo pipefail
out=${1:?usage: make_cert.sh OUTDIR}
mkdir -p "$out"
# openssl chatters on stderr even when it works: show it only when it fails.
if ! log=$(openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=localhost" \
  -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
  -addext "basicConstraints=critical,CA:TRUE" \
  -keyout "$out/key.pem" -out "$out/cert.pem" 2>&1); then
  echo "$log" >&2
  exit 1
fi
