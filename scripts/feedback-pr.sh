#!/usr/bin/env bash
# The second half of the feedback workflow (.github/workflows/feedback.yml): what the conversion job handed
# over becomes a pull request, or a comment on the issue. This half holds the write rights, so it trusts
# nothing in the hand-over: it takes an exit status of 0 or 1 only, and files only if they are YAML files
# under content/; it runs none of the project's Python; and it never overwrites a branch that carries
# commits it did not make (a maintainer's fixes on the bot's branch): it says so on the issue instead.
#
# Environment: NUMBER and TITLE (the issue's; the title is untrusted text), RESULT (the hand-over folder:
# status, result.md, files/<path>), BOT_NAME and BOT_EMAIL (who commits, and whose commits may be replaced),
# CHECKED (true when the token starts workflows, so that the PR check runs on the pull request by itself),
# GITHUB_REPOSITORY. Runs in a full clone of the default branch, pushing to `origin`, with `gh` signed in.
set -euo pipefail

branch="feedback/issue-$NUMBER"
repo=(--repo "$GITHUB_REPOSITORY")

say() { gh issue comment "$NUMBER" "${repo[@]}" --body-file -; }

# The status file is the other job's output: only its two expected values are read, none is echoed.
status=$(cat "$RESULT/status" 2>/dev/null || true)
case "$status" in
  0) ;;
  1)
    if [ ! -s "$RESULT/result.md" ]; then
      echo "::error::转换失败且没有说明，请看“根据表单生成数据”任务的日志"
      exit 1
    fi
    say < "$RESULT/result.md"
    exit 1
    ;;
  *)
    echo "::error::转换没有正常结束，请看“根据表单生成数据”任务的日志"
    exit 1
    ;;
esac

paths=()
if [ -d "$RESULT/files" ]; then
  while IFS= read -r -d '' path; do
    if [ -L "$RESULT/files/$path" ] || [ ! -f "$RESULT/files/$path" ] \
      || [[ ! "$path" =~ ^content/([a-z0-9_-]+/)*[a-z0-9_-]+\.yaml$ ]]; then
      echo "::error::转换结果里有不该有的文件，已全部放弃：只接受 content/ 下的 YAML 文件"
      exit 1
    fi
    paths+=("$path")
  done < <(find "$RESULT/files" -mindepth 1 ! -type d -printf '%P\0' | sort -z)
fi
if [ "${#paths[@]}" -eq 0 ]; then
  echo "::error::转换报告成功，却没有写出任何数据文件"
  exit 1
fi

# Relabelling replaces the bot's earlier commit, but nothing else: any commit on the branch that the bot did
# not both author and commit (a maintainer's fix, a rebase, a merge from the web page) stops it here.
lease=""
if lease=$(git ls-remote --exit-code origin "refs/heads/$branch" | cut -f1); then
  git fetch --quiet origin "refs/heads/$branch"
  people=$(git log --format='%ae%n%ce' "HEAD..FETCH_HEAD")
  if [ -n "$people" ] && grep --quiet --invert-match --line-regexp --fixed-strings "$BOT_EMAIL" <<<"$people"; then
    say <<EOF
分支 \`$branch\` 上已有不是这个工作流添加的提交，为了不覆盖它们，这次没有更新分支和拉取请求。
请维护者在拉取请求里手工修改；如果要按议题现在的内容重新生成，先删除这个分支，再去掉并重新加上 \`转为数据\` 标签。
EOF
    exit 1
  fi
fi

git switch --quiet --create "$branch"
for path in "${paths[@]}"; do
  mkdir -p "$(dirname "$path")"
  cp -- "$RESULT/files/$path" "$path"
done
git add -- "${paths[@]}"
git -c user.name="$BOT_NAME" -c user.email="$BOT_EMAIL" commit --quiet -m "议题 #$NUMBER：$TITLE"
# The lease: the branch must still be where it was checked above (or still absent), or nothing is pushed.
git push --quiet --force-with-lease="refs/heads/$branch:$lease" origin "HEAD:refs/heads/$branch"

note=""
if [ "$CHECKED" != true ]; then
  note=$'\n\n'"> 本仓库没有配置 GitHub App，这个拉取请求的 PR 检查不会自动运行：请维护者关闭再重新打开一次，检查跑完再合并（配置方法见 CONTRIBUTING.md 的“自动化工作流”）。"
fi
url=$(gh pr list "${repo[@]}" --head "$branch" --state open --json url --jq '.[0].url // empty')
if [ -z "$url" ]; then
  url=$(
    { cat "$RESULT/result.md"; printf '%s\n\nCloses #%s\n' "$note" "$NUMBER"; } \
      | gh pr create "${repo[@]}" --head "$branch" --title "$TITLE" --body-file -
  )
fi
printf '已生成拉取请求 %s ，维护者核实后合并。%s\n' "$url" "$note" | say
