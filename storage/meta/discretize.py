"""Discretize's fractal build guides, read from their public GitHub repository.

One poll: a conditional GET of the branch head (`/repos/{repo}/commits/{branch}`, ETag and Last-Modified
kept in the cursor). 304 means nothing changed: one request, free of GitHub's rate limit. A new commit
brings its file tree (`/git/trees/{sha}?recursive=1`), and only guide files whose blob SHA changed are
downloaded, from the raw-file host at that commit. Every guide is
`builds/<profession>/<build>/index.mdx` (or `.md`), read by `optimizer.meta.parse_guide`. A file that
cannot be read is skipped and reported while the others import; its last good build stays.

No token is needed (60 API requests an hour per address are plenty for one poll an hour); `GITHUB_TOKEN`
raises the limit. API, raw-file and site URLs are settings, so a local server can stand in for GitHub.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Final

import httpx

from optimizer.meta import GuideFormatError, MetaBuild, guide_slug, is_guide_path, parse_guide
from storage.meta.http import Answer, ConditionalFetcher, NotFoundError, Validators
from storage.meta.source import Fetched, SourceFormatError, SourceProblem, SourceSnapshot

log = logging.getLogger(__name__)

PARALLEL_DOWNLOADS: Final = 4


@dataclass(frozen=True, slots=True)
class GuideRepository:
    repository: str = "discretize/discretize-guides"
    branch: str | None = None  # None: the repository's default branch
    api_url: str = "https://api.github.com"
    raw_url: str = "https://raw.githubusercontent.com"
    site_url: str | None = "https://discretize.eu"
    token: str | None = None


def _json(answer: Answer, what: str) -> Any:
    try:
        return json.loads(answer.body)
    except json.JSONDecodeError:
        raise SourceFormatError(f"{what} is not JSON") from None


def guide_files(tree: Mapping[str, Any]) -> dict[str, str]:
    """Guide path → blob SHA from a git tree listing; a folder with both `.md` and `.mdx` uses `.mdx`."""
    entries = tree.get("tree")
    if not isinstance(entries, list):
        raise SourceFormatError("the repository tree has no file list")
    chosen: dict[str, tuple[str, str]] = {}
    for entry in entries:
        if not isinstance(entry, Mapping) or entry.get("type") != "blob":
            continue
        path = str(entry.get("path", ""))
        if not is_guide_path(path):
            continue
        folder = guide_slug(path)
        if folder not in chosen or path.endswith(".mdx"):
            chosen[folder] = (path, str(entry.get("sha", "")))
    return dict(chosen.values())


class DiscretizeSource:
    name = "discretize"
    label = "Discretize"

    def __init__(
        self,
        http: httpx.AsyncClient,
        config: GuideRepository | None = None,
        *,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self._http = http
        self.config = config or GuideRepository()
        self._clock = clock or (lambda: datetime.now(UTC))

    def _fetcher(self) -> ConditionalFetcher:
        headers = {"Accept": "application/vnd.github+json", "X-GitHub-Api-Version": "2022-11-28"}
        if self.config.token:
            headers["Authorization"] = f"Bearer {self.config.token}"
        return ConditionalFetcher(self._http, headers=headers, clock=self._clock)

    def _api(self, path: str) -> str:
        return f"{self.config.api_url.rstrip('/')}/repos/{self.config.repository}{path}"

    async def fetch(self, known: SourceSnapshot) -> Fetched:
        fetcher = self._fetcher()
        cursor: dict[str, Any] = dict(known.cursor)
        branch = self.config.branch or cursor.get("branch")
        if not branch:
            about = _json(await fetcher.get(self._api("")), "the repository description")
            branch = str(about.get("default_branch") or "")
            if not branch:
                raise SourceFormatError("the repository description names no default branch")
        files: dict[str, Any] = dict(cursor.get("files") or {})
        head_validators = Validators.from_json(cursor.get("head")) if files else None
        head = await fetcher.get(self._api(f"/commits/{branch}"), head_validators)
        old_problems = _problems_of(files)
        if not head.modified:
            return Fetched(
                None, cursor, old_problems, version=cursor.get("commit"), requests=fetcher.requests
            )
        commit = str(_json(head, "the branch head").get("sha") or "")
        if not commit:
            raise SourceFormatError("the branch head names no commit")
        cursor.update(branch=branch, head=head.validators.to_json())
        if commit == cursor.get("commit") and files:
            return Fetched(None, cursor, old_problems, version=commit, requests=fetcher.requests)
        tree = _json(await fetcher.get(self._api(f"/git/trees/{commit}?recursive=1")), "the repository tree")
        listed = guide_files(tree)
        if not listed:
            raise SourceFormatError("no guide files under builds/<profession>/<build>/index.md(x) any more")
        builds, new_files, problems = await self._read(fetcher, commit, listed, files, known.builds)
        if tree.get("truncated"):
            # GitHub cut the listing short: builds of files it did not list are kept, not removed.
            problems.append(
                SourceProblem("tree", "the repository listing was truncated; unlisted guides kept")
            )
            seen = {b.origin for b in builds}
            builds += [b for b in known.builds if b.origin not in seen and b.origin not in listed]
        if not builds and not any(entry.get("skipped") for entry in new_files.values()):
            raise SourceFormatError("no guide could be read: " + "; ".join(p.message for p in problems[:3]))
        cursor.update(commit=commit, files=new_files)
        return Fetched(
            tuple(_unique(builds, problems)),
            cursor,
            tuple(problems),
            version=commit,
            requests=fetcher.requests,
        )

    async def _read(
        self,
        fetcher: ConditionalFetcher,
        commit: str,
        listed: Mapping[str, str],
        files: Mapping[str, Any],
        known: Sequence[MetaBuild],
    ) -> tuple[list[MetaBuild], dict[str, Any], list[SourceProblem]]:
        by_origin: dict[str, list[MetaBuild]] = {}
        for build in known:
            by_origin.setdefault(build.origin, []).append(build)
        limit = asyncio.Semaphore(PARALLEL_DOWNLOADS)

        async def one(path: str, sha: str) -> tuple[list[MetaBuild], dict[str, Any], list[SourceProblem]]:
            previous = files.get(path) or {}
            if previous.get("sha") == sha:
                kept = [SourceProblem(path, message) for message in previous.get("problems") or []]
                return by_origin.get(path, []), dict(previous), kept
            async with limit:
                try:
                    answer = await fetcher.get(
                        f"{self.config.raw_url.rstrip('/')}/{self.config.repository}/{commit}/{path}"
                    )
                    parsed = parse_guide(path, answer.text(), source=self.name, site_url=self.config.site_url)
                except (GuideFormatError, NotFoundError) as error:
                    # Skipped and reported; the last good build of this file stays.
                    log.warning("Meta source %s: %s skipped: %s", self.name, path, error)
                    return (
                        by_origin.get(path, []),
                        {"sha": sha, "problems": [str(error)]},
                        [SourceProblem(path, str(error))],
                    )
            warnings = [SourceProblem(path, message) for message in parsed.warnings]
            entry = {"sha": sha, "problems": [p.message for p in warnings]}
            if parsed.skipped:
                entry["skipped"] = parsed.skipped
            return ([parsed.build] if parsed.build else []), entry, warnings

        results = await asyncio.gather(*(one(path, sha) for path, sha in sorted(listed.items())))
        builds: list[MetaBuild] = []
        new_files: dict[str, Any] = {}
        problems: list[SourceProblem] = []
        for path, (found, entry, trouble) in zip(sorted(listed), results, strict=True):
            builds += found
            new_files[path] = entry
            problems += trouble
        return builds, new_files, problems


def _problems_of(files: Mapping[str, Any]) -> tuple[SourceProblem, ...]:
    return tuple(
        SourceProblem(path, message)
        for path, entry in sorted(files.items())
        for message in (entry.get("problems") or [] if isinstance(entry, Mapping) else [])
    )


def _unique(builds: Sequence[MetaBuild], problems: list[SourceProblem]) -> list[MetaBuild]:
    """One build per key: a second file giving the same build is reported, not imported."""
    seen: dict[str, MetaBuild] = {}
    for build in builds:
        first = seen.get(build.key)
        if first is None:
            seen[build.key] = build
        elif first.origin != build.origin:
            problems.append(
                SourceProblem(build.origin, f"the same build as {first.origin} ({build.title}); skipped")
            )
    return list(seen.values())
