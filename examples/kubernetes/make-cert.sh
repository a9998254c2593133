#!/usr/bin/env bash
# TLS for the webhook without cert-manager: a private CA and a server certificate for the
# Service's DNS names (openssl), stored as the Secret modelgate-webhook-tls, and the CA bundle
# patched into the ValidatingWebhookConfiguration. Run again before the certificate expires
# (DAYS, default 365); the webhook picks the new files up without a restart.
# Usage: [OUT=DIR] examples/kubernetes/make-cert.sh [NAMESPACE=modelgate-system] [SERVICE=modelgate-webhook]
set -euo pipefail
ns=${1:-modelgate-system}
svc=${2:-modelgate-webhook}
days=${DAYS:-365}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days "$days" \
  -subj "/CN=modelgate webhook CA" -keyout "$dir/ca.key" -out "$dir/ca.crt" 2>/dev/null
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
  -subj "/CN=$svc.$ns.svc" -keyout "$dir/tls.key" -out "$dir/tls.csr" 2>/dev/null
cat > "$dir/ext.cnf" <<EXT
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = DNS:$svc, DNS:$svc.$ns, DNS:$svc.$ns.svc, DNS:$svc.$ns.svc.cluster.local
EXT
openssl x509 -req -in "$dir/tls.csr" -CA "$dir/ca.crt" -CAkey "$dir/ca.key" -CAcreateserial \
  -days "$days" -extfile "$dir/ext.cnf" -out "$dir/tls.crt" 2>/dev/null

# With OUT=DIR, or without a reachable cluster, the files are written there instead.
if [ -n "${OUT:-}" ] || ! kubectl cluster-info --request-timeout=5s >/dev/null 2>&1; then
  out=${OUT:-tls}
  mkdir -p "$out" && cp "$dir/ca.crt" "$dir/tls.crt" "$dir/tls.key" "$out/"
  echo "no cluster (or OUT set): wrote $out/ca.crt, $out/tls.crt and $out/tls.key"
  exit 0
fi
kubectl -n "$ns" create secret tls modelgate-webhook-tls \
  --cert="$dir/tls.crt" --key="$dir/tls.key" --dry-run=client -o yaml | kubectl apply -f -
bundle=$(base64 < "$dir/ca.crt" | tr -d '\n')
count=$(kubectl get validatingwebhookconfiguration modelgate -o jsonpath='{range .webhooks[*]}x{end}' | wc -c)
for i in $(seq 0 $((count - 1))); do
  kubectl patch validatingwebhookconfiguration modelgate --type=json \
    -p "[{\"op\":\"add\",\"path\":\"/webhooks/$i/clientConfig/caBundle\",\"value\":\"$bundle\"}]"
done
echo "Secret $ns/modelgate-webhook-tls written, CA bundle set on $count webhook(s)"
