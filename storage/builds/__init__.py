"""The build store: saved builds, their gear, and the service that decodes and checks codes on save.

Owns the build tables' repository and its records.
"""

from storage.builds.gear import BuildGear
from storage.builds.repository import (
    PAGE_SIZE,
    Build,
    BuildChanges,
    BuildFilter,
    BuildNotFoundError,
    BuildPage,
    BuildPermissionError,
    BuildRepository,
    BuildStoreError,
    DuplicateBuildNameError,
    NewBuild,
    Visibility,
)
from storage.builds.service import BuildStore

__all__ = [
    "PAGE_SIZE",
    "Build",
    "BuildChanges",
    "BuildFilter",
    "BuildGear",
    "BuildNotFoundError",
    "BuildPage",
    "BuildPermissionError",
    "BuildRepository",
    "BuildStore",
    "BuildStoreError",
    "DuplicateBuildNameError",
    "NewBuild",
    "Visibility",
]
