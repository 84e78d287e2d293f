#!/usr/bin/env bash
# Build the vendored GOV.UK Frontend assets in probity/static/govuk/.
#
# Installs pinned govuk-frontend and sass into a throwaway temp dir (so no
# node_modules ends up in the repo), compiles scripts/frontend/probity.scss
# (Arial, no GDS Transport @font-face) and copies the JS and image assets.
# Fonts are deliberately NOT copied.
set -euo pipefail

GOVUK_FRONTEND_VERSION="5.14.0"
SASS_VERSION="1.108.2"

cd "$(dirname "$0")/.."
REPO_ROOT="$(pwd)"
OUT_DIR="${REPO_ROOT}/probity/static/govuk"

WORK_DIR="$(mktemp -d)"
trap 'rm -rf "${WORK_DIR}"' EXIT

echo "Installing govuk-frontend@${GOVUK_FRONTEND_VERSION} sass@${SASS_VERSION} in ${WORK_DIR}..."
(
  cd "${WORK_DIR}"
  npm init -y >/dev/null
  npm install --no-audit --no-fund \
    "govuk-frontend@${GOVUK_FRONTEND_VERSION}" \
    "sass@${SASS_VERSION}"
)

DIST="${WORK_DIR}/node_modules/govuk-frontend/dist/govuk"

rm -rf "${OUT_DIR}"
mkdir -p "${OUT_DIR}/assets"

echo "Compiling CSS..."
"${WORK_DIR}/node_modules/.bin/sass" \
  --load-path="${WORK_DIR}" \
  --style=compressed \
  --no-source-map \
  --quiet-deps \
  --silence-deprecation=import \
  --silence-deprecation=global-builtin \
  --silence-deprecation=color-functions \
  --silence-deprecation=slash-div \
  --silence-deprecation=if-function \
  "${REPO_ROOT}/scripts/frontend/probity.scss" \
  "${OUT_DIR}/govuk-frontend.min.css"

echo "Copying JS and assets..."
# Strip the sourceMappingURL comment: the .map is not vendored, and a dangling
# reference breaks Django's ManifestStaticFilesStorage post-processing.
sed -e 's|//# sourceMappingURL=[^ ]*$||' "${DIST}/govuk-frontend.min.js" \
  > "${OUT_DIR}/govuk-frontend.min.js"
cp -R "${DIST}/assets/images" "${OUT_DIR}/assets/images"
if [[ -f "${DIST}/assets/manifest.json" ]]; then
  cp "${DIST}/assets/manifest.json" "${OUT_DIR}/assets/manifest.json"
fi

# Sanity checks.
if grep -q "GDS Transport" "${OUT_DIR}/govuk-frontend.min.css"; then
  echo "ERROR: compiled CSS still references GDS Transport" >&2
  exit 1
fi
if grep -q "@font-face" "${OUT_DIR}/govuk-frontend.min.css"; then
  echo "ERROR: compiled CSS contains @font-face rules" >&2
  exit 1
fi
if ! grep -qi "arial" "${OUT_DIR}/govuk-frontend.min.css"; then
  echo "ERROR: compiled CSS does not reference arial" >&2
  exit 1
fi

cat > "${OUT_DIR}/VERSION.txt" <<VERSION
govuk-frontend ${GOVUK_FRONTEND_VERSION}
sass ${SASS_VERSION}
Built by scripts/build-frontend.sh from scripts/frontend/probity.scss
(Arial font, no GDS Transport @font-face, fonts not included).
VERSION

echo "Done. Output in ${OUT_DIR}:"
find "${OUT_DIR}" -type f | sort
