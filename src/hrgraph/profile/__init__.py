"""Stage 1 of the pipeline: profile text -> typed :class:`Profile` records."""

from hrgraph.profile.model import Profile, ProfileError
from hrgraph.profile.reader import read_profile, read_profile_text

__all__ = ["Profile", "ProfileError", "read_profile", "read_profile_text"]
