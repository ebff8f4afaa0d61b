# Sourced by the fetch scripts: download .deb files from Debian's archive with a private apt
# configuration (own sources list, state and cache under a work directory), so nothing is
# installed and the system's apt sources are not changed. The archive URI and keyring are
# those of the system's own Debian entry.
#
# The caller defines fail() (one line, then exit) before calling these.

# debian_apt_setup WORK "SUITE COMPONENT" ...: writes the private sources list, runs apt-get
# update, and leaves the options in the array APT_OPTS.
debian_apt_setup() {
  local work="$1"; shift
  command -v apt-get >/dev/null 2>&1 || fail "apt-get not found (not a Debian system)"
  command -v dpkg >/dev/null 2>&1 || fail "dpkg not found (not a Debian system)"
  local uri="" keyring=""
  if [[ -f /etc/apt/sources.list.d/debian.sources ]]; then
    uri=$(awk '/^URIs:/ && $2 ~ /debian\/?$/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources)
    keyring=$(awk -v u="$uri" '/^URIs:/{cur=$2} /^Signed-By:/ && cur==u {print $2; exit}' /etc/apt/sources.list.d/debian.sources)
  fi
  if [[ -z "$uri" && -f /etc/apt/sources.list ]]; then
    uri=$(awk '$1=="deb" && $0 !~ /security/ {for(i=2;i<=NF;i++) if ($i ~ /^https?:/) {print $i; exit}}' /etc/apt/sources.list)
  fi
  [[ -n "$uri" ]] || fail "no Debian archive entry in the system's apt sources"
  [[ -n "$keyring" ]] || keyring=/usr/share/keyrings/debian-archive-keyring.gpg
  [[ -f "$keyring" ]] || fail "Debian archive keyring $keyring missing"

  mkdir -p "$work/lists/partial" "$work/archives/partial"
  : > "$work/sources.list"
  local entry
  for entry in "$@"; do
    echo "deb [signed-by=$keyring] $uri $entry" >> "$work/sources.list"
  done
  APT_OPTS=(-o Dir::Etc::sourcelist="$work/sources.list" -o Dir::Etc::sourceparts=-
            -o Dir::State::Lists="$work/lists" -o Dir::Cache::archives="$work/archives"
            -o Debug::NoLocking=1 -o APT::Get::List-Cleanup=0 -q)
  apt-get "${APT_OPTS[@]}" update >"$work/update.log" 2>&1 \
    || fail "apt-get update against $uri failed ($(tail -n1 "$work/update.log"))"
}

# debian_fetch WORK PKG[=VERSION] NAME: downloads the package and unpacks it into WORK/x-NAME.
debian_fetch() {
  local work="$1" pkg="$2" name="$3"
  local dir="$work/debs/$name"
  mkdir -p "$dir"
  (cd "$dir" && apt-get "${APT_OPTS[@]}" download "$pkg" >"$work/dl-$name.log" 2>&1) \
    || fail "apt-get download $pkg failed ($(tail -n1 "$work/dl-$name.log"))"
  dpkg -x "$dir"/*.deb "$work/x-$name"
}
