#!/usr/bin/env bash
# Load test of the admission webhook: a release build of `modelgate serve` on loopback with a
# fresh self-signed certificate and the decision record of examples/approved, driven by the
# benches/serve_load.rs client at a fixed rate (N requests at R req/s over C keep-alive TLS
# connections) posting the Pod review of tests/fixtures/admission/pod-verified.json (a Pod whose
# model is fetched and verified by a `fetch-check` init container). Prints throughput,
# latency percentiles and the server's RSS at rest and under load.
# Usage: benches/serve_load.sh [REQUESTS=5000] [RATE=500] [CONNECTIONS=16]
set -euo pipefail
cd "$(dirname "$0")/.."
requests=${1:-5000}
rate=${2:-500}
conns=${3:-16}

command -v openssl >/dev/null || { apt-get update -qq && apt-get install -y -qq openssl >/dev/null; }
cargo build --release -q --bin modelgate
bin=$PWD/target/release/modelgate
dir=$(mktemp -d)
server=
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$dir"
}
trap cleanup EXIT

# A throwaway CA and a server certificate for localhost (a self-signed CA certificate cannot
# serve as the server's own: rustls refuses a CA used as an end entity).
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 \
  -subj "/CN=serve_load CA" -keyout "$dir/ca.key" -out "$dir/ca.crt" 2>/dev/null
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=localhost \
  -keyout "$dir/tls.key" -out "$dir/tls.csr" 2>/dev/null
printf 'basicConstraints = critical, CA:FALSE\nextendedKeyUsage = serverAuth\nsubjectAltName = DNS:localhost, IP:127.0.0.1\n' > "$dir/ext.cnf"
openssl x509 -req -in "$dir/tls.csr" -CA "$dir/ca.crt" -CAkey "$dir/ca.key" -CAcreateserial \
  -days 1 -extfile "$dir/ext.cnf" -out "$dir/tls.crt" 2>/dev/null
mkdir "$dir/records"
# The record is made at the example's fixed time; a long validity (allowed by the configuration)
# keeps the bench usable for years.
printf 'apiVersion: modelgate.dev/v1\nkind: Config\nlimits:\n  maxRecordTtlDays: 36500\n' > "$dir/gate.yaml"
"$bin" check --key examples/release.pub --record-key examples/gate.pub examples/approved --now 2026-11-29T12:00:00Z \
  --config "$dir/gate.yaml" --record "$dir/records/approved.dsse.json" --record-ttl 5200w \
  --sign-key tests/fixtures/record/test-only-p256.pem >/dev/null
# The digest of the verifier image in pod-verified.json's init container.
printf '{"modelgate":{"params":{"admission":{"runtime_verifier_images":["sha256:%s"]}}}}\n' \
  "$(printf '0f%.0s' $(seq 32))" > "$dir/params.json"

"$bin" serve --listen 127.0.0.1:0 --tls-cert "$dir/tls.crt" --tls-key "$dir/tls.key" \
  --records "$dir/records" --key tests/fixtures/record/test-only-p256.pub \
  --environment production --data "$dir/params.json" 2>"$dir/serve.log" &
server=$!
addr=
for _ in $(seq 1 100); do
  addr=$(sed -n 's|.*listening on https://||p' "$dir/serve.log")
  [ -n "$addr" ] && break
  sleep 0.1
done
[ -n "$addr" ] || { cat "$dir/serve.log"; echo "serve did not start" >&2; exit 1; }

# Bounded: the client gives up 60 s after the schedule ends; this bounds the whole run too.
MG_ADDR=$addr MG_CA=$dir/ca.crt MG_BODY=tests/fixtures/admission/pod-verified.json MG_PID=$server \
MG_RATE=$rate MG_REQUESTS=$requests MG_CONNS=$conns \
  timeout $(( requests / rate + 600 )) cargo bench -q --bench serve_load || {
  echo "--- server log:" >&2; cat "$dir/serve.log" >&2; exit 1; }
