#!/usr/bin/env bash
# Tags a release from a maintainer's clone: vX.Y.Z from package.json's version, and the major tag
# vX moved to it, both pushed in one atomic push. Pushing vX.Y.Z starts .github/workflows/release.yml,
# which runs the tests again and publishes to npm; it leaves vX alone when it already points here.
#
# Run it when the repository has no RELEASE_TOKEN (or GitHub App) for the workflow: a maintainer's
# own credentials may push a tag that brings workflow-file changes, GITHUB_TOKEN may not.
# See docs/development.md, "Releasing".
#
# Usage: scripts/release.sh [--dry-run] [--no-major] [--skip-ci] [--remote NAME]
#   --dry-run      check everything (it fetches main), then print what it would run instead of
#                  running it: no .ci/run, no tag, no push
#   --no-major     push vX.Y.Z only and let the workflow move vX (it needs RELEASE_TOKEN)
#   --skip-ci      do not run .ci/run (only for a commit that already passed it)
#   --remote NAME  the GitHub remote (default: origin)
set -euo pipefail
cd "$(dirname "$0")/.."

dry_run=false
move_major=true
run_ci=true
remote=origin

die() {
  echo "release: $*" >&2
  exit 1
}

usage() {
  sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p;}' "$0"
}

while [ $# -gt 0 ]; do
  case "$1" in
  --dry-run) dry_run=true ;;
  --no-major) move_major=false ;;
  --skip-ci) run_ci=false ;;
  --remote)
    [ $# -ge 2 ] || die "--remote needs a name"
    remote="$2"
    shift
    ;;
  -h | --help)
    usage
    exit 0
    ;;
  *) die "unknown argument: $1 (try --help)" ;;
  esac
  shift
done

# Runs a command, or prints it under --dry-run.
run() {
  if $dry_run; then
    printf 'would run:'
    printf ' %q' "$@"
    printf '\n'
  else
    "$@"
  fi
}

command -v node >/dev/null || die "node is not on PATH"
git remote get-url "$remote" >/dev/null 2>&1 || die "no git remote named '$remote'"

version=$(node -p 'require("./package.json").version')
[[ "$version" =~ ^([0-9]+)\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$ ]] ||
  die "package.json version '$version' is not X.Y.Z or X.Y.Z-prerelease"
tag="v$version"
major="v${BASH_REMATCH[1]}"
prerelease=false
[ -n "${BASH_REMATCH[2]}" ] && prerelease=true

clean_tree() {
  # Untracked files count: a bundle chunk never committed would be missing from the tag.
  local status
  status=$(git status --porcelain)
  [ -z "$status" ] || die "the working tree is not clean:
$status"
}
clean_tree

head=$(git rev-parse HEAD)
git fetch --quiet "$remote" refs/heads/main ||
  die "could not fetch main from $remote"
main=$(git rev-parse FETCH_HEAD)
git merge-base --is-ancestor "$head" "$main" ||
  die "HEAD ($head) is not on $remote/main: merge and push it first"

# The commit a tag names, or nothing. Peeled entries (^{}) name the commit of an annotated tag.
remote_tag_commit() {
  git ls-remote --tags "$remote" "refs/tags/$1" "refs/tags/$1^{}" |
    awk -v ref="refs/tags/$1" '$2 == ref "^{}" { peeled = $1 } $2 == ref { plain = $1 }
      END { print (peeled != "" ? peeled : plain) }'
}

# Where vX.Y.Z stands: already on the remote at HEAD (a re-run, e.g. after the workflow could not
# move vX), only here at HEAD, or nowhere yet.
remote_commit=$(remote_tag_commit "$tag")
if [ -n "$remote_commit" ]; then
  [ "$remote_commit" = "$head" ] || die "tag $tag already exists on $remote on another commit ($remote_commit)"
  tag_state=pushed
elif git rev-parse -q --verify "refs/tags/$tag" >/dev/null; then
  local_commit=$(git rev-parse "$tag^{commit}")
  [ "$local_commit" = "$head" ] || die "tag $tag already exists here on another commit ($local_commit)"
  tag_state=local
else
  tag_state=new
fi
# A new release is the tip of main; an older commit of main only when its tag is already pushed.
if [ "$head" != "$main" ] && [ "$tag_state" != pushed ]; then
  die "HEAD is behind $remote/main ($main): pull, or check out the commit of a pushed tag"
fi

if $prerelease; then
  echo "release: $tag at $head (a prerelease: $major is not moved)"
else
  echo "release: $tag at $head"
fi

if $run_ci; then
  run bash .ci/run
  $dry_run || clean_tree # .ci/run rebuilds dist/: it must not have changed anything
fi

refs=()
case "$tag_state" in
new)
  run git tag --annotate "$tag" --message "$tag" "$head"
  refs+=("refs/tags/$tag")
  ;;
local) refs+=("refs/tags/$tag") ;;
pushed) echo "release: $tag is already on $remote at this commit" ;;
esac
if $move_major && ! $prerelease && [ "$(remote_tag_commit "$major")" = "$head" ]; then
  echo "release: $major is already on $remote at this commit"
elif $move_major && ! $prerelease; then
  run git tag --force --annotate "$major" --message "$major: $tag" "$head"
  refs+=("+refs/tags/$major") # + : only the major tag is force-pushed
fi
[ ${#refs[@]} -gt 0 ] || {
  echo "release: nothing to push"
  exit 0
}
# Atomic: both tags land, or neither does.
run git push --atomic "$remote" "${refs[@]}"

if $dry_run; then
  echo "release: dry run, nothing was changed"
else
  echo "release: pushed ${refs[*]}; the release workflow now tests and publishes $tag"
fi
