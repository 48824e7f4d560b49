#!/usr/bin/env bash
# Packs the release archive dist/scopeguide-VERSION-linux-ARCH.tar.gz from a release binary
# built with the Swift standard library linked statically (`make dist` builds it first):
#   scopeguide-VERSION-linux-ARCH/
#     scopeguide      the tool
#     Templates/      layouts, shared steps, assets (found as ./Templates, or --templates DIR)
#     Content/        a starter site: this repository's Content/
#     README.md       how to run it and the runtime libraries it needs
#     BUILD           version, commit and whether the tree had uncommitted changes
# The archive is reproducible: sorted names, no owners, files dated at the commit.
set -euo pipefail
cd "$(dirname "$0")/.."
version=${1:?usage: scripts/dist.sh VERSION [BINARY]}
bin=${2:-.build/release/scopeguide}
arch=$(uname -m)
name=scopeguide-$version-linux-$arch
stage=dist/$name

[ -x "$bin" ] || { echo "dist: $bin is missing: run 'make dist'" >&2; exit 1; }

# The shared libraries the binary needs: only the system libraries the README names may appear,
# and none of the Swift runtime (it is linked in).
allowed='^(libcmark\.so\..*|libyaml-0\.so\..*|libxml2\.so\..*|libjemalloc\.so\..*|libc\.so\.6|libm\.so\.6|libstdc\+\+\.so\.6|libgcc_s\.so\.1|libz\.so\.1|ld-linux-x86-64\.so\.2|ld-linux-aarch64\.so\.1)$'
needed=$(readelf -d "$bin" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
unexpected=$(printf '%s\n' "$needed" | grep -Ev "$allowed" || true)
if [ -n "$unexpected" ]; then
  echo "dist: $bin needs libraries the README does not name:" >&2
  printf '  %s\n' $unexpected >&2
  exit 1
fi

commit=$(git rev-parse HEAD 2>/dev/null || echo unknown)
dirty=$(git status --porcelain -- Sources Package.swift Templates Content scripts/dist.sh 2>/dev/null | head -c1)
stamp=$(git log -1 --format=%ct 2>/dev/null || echo 0)

rm -rf "$stage" "dist/$name.tar.gz"
mkdir -p "$stage"
install -m 0755 "$bin" "$stage/scopeguide"
strip "$stage/scopeguide" 2>/dev/null || true
cp -R Templates "$stage/Templates"
cp -R Content "$stage/Content"
printf 'version %s\ncommit %s\nmodified %s\n' "$version" "$commit" "$([ -n "$dirty" ] && echo yes || echo no)" > "$stage/BUILD"
libs=$(printf '%s\n' "$needed" | grep -E '^lib(cmark|yaml|xml2|jemalloc)' | sed 's/^/- `/; s/$/`/')
base=$(printf '%s\n' "$needed" | grep -Ev '^lib(cmark|yaml|xml2|jemalloc)' | sed 's/^/`/; s/$/`/' | paste -sd, - | sed 's/,/, /g')
# The Debian packages that hold them here (the C library's own are left out).
packages=$(for lib in $(printf '%s\n' "$needed" | grep -E '^lib(cmark|yaml|xml2|jemalloc)'); do
  dpkg -S "*/$lib" 2>/dev/null | sed -n '1s/:.*//p'
done | sort -u | tr '\n' ' ' | sed 's/ $//')
packages=${packages:-libcmark0.30.2 libyaml-0-2 libxml2 libjemalloc2}
os=$(. /etc/os-release 2>/dev/null && echo "$PRETTY_NAME" || echo "the build machine")
cat > "$stage/README.md" <<EOF
# ScopeGuide $version (Linux $arch)

A static generator for scope-aware OAuth setup guides. This archive holds the \`scopeguide\`
command (built in release mode, with the Swift standard library and Foundation linked in: no
Swift toolchain is needed), the \`Templates/\` it renders with and a starter \`Content/\` folder
with three connectors.

## Runtime libraries

The binary loads these shared libraries (\`ldd\` lists what they load in turn: libxml2
brings ICU, zlib and liblzma):

$libs

and the C and C++ runtime every Linux distribution has: $base.

On Debian or Ubuntu:

    sudo apt-get install $packages

(The package names of $os, where this archive was built; on other releases install the
package that provides each file above, for example \`apt-cache search libcmark\`; on Fedora:
\`cmark-lib libyaml libxml2 jemalloc\`.)
Check with \`ldd ./scopeguide\`: no line may say "not found".

## Use

Run it from this folder: \`scopeguide\` reads \`Content/\` and \`Templates/\` from the working
folder and writes the site to \`Public/\`.

    ./scopeguide check               # validate the content
    ./scopeguide build               # write the site to Public/ (open Public/index.html)
    ./scopeguide serve               # preview on http://127.0.0.1:8080/ with live reload
    ./scopeguide --help

From anywhere else, name the folders: \`scopeguide build --content DIR --templates DIR --output DIR\`.
Edit \`Content/site.yaml\` (title, baseURL) and the connectors under \`Content/connectors/\`; the
content format, the command line and the deploy notes are in the project's README.md and
docs/deploy.md.
EOF

# Reproducible: sorted entries, numeric owner 0, every file dated at the commit.
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$stamp" \
    -C dist -cf - "$name" | gzip -n -9 > "dist/$name.tar.gz"
echo "dist/$name.tar.gz"
