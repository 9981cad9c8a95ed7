# Shared by script/server, script/test and .ci/run: install what is missing, or say exactly how.

apt_install() {
  # Installs Debian packages as root; otherwise prints the command to run.
  local missing=()
  for package in "$@"; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -eq 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
  else
    echo "Missing system packages. Install them with:" >&2
    echo "  sudo apt-get install -y ${missing[*]}" >&2
    return 1
  fi
}

ensure_swift() {
  command -v swift >/dev/null || { echo "Swift 6 is required: https://www.swift.org/install/" >&2; return 1; }
}

ensure_test_python() {
  # A virtual environment with the test helpers: aiosmtpd (SMTP server), selenium (browser tests) and
  # icalendar (an independent reader of our calendar feeds).
  if [ ! -x .venv-test/bin/python ] || ! .venv-test/bin/python -c "import aiosmtpd, selenium, icalendar" 2>/dev/null; then
    python3 -m venv .venv-test
    .venv-test/bin/pip install -q --disable-pip-version-check aiosmtpd selenium icalendar
  fi
}

ensure_media_tools() {
  # libvips' command-line tools shrink pictures and strip their metadata; ffmpeg reads videos and
  # makes their posters. The site starts without them and says what waits for them.
  local missing=()
  command -v vips >/dev/null || missing+=(libvips-tools)
  command -v ffmpeg >/dev/null || missing+=(ffmpeg)
  [ ${#missing[@]} -eq 0 ] || apt_install "${missing[@]}"
}
