"""Whom an alert reaches: the members of its zones who read one of its languages.

Members' zones and languages are encrypted (docs/decisions/0011). Decrypting every member of
a network for every alert cost about 0.1 ms a member; instead each network keeps one sealed
``TargetingIndex``: member id → [digest, zone ids, languages]. ``targeting_entries`` reads
the members' ciphertexts (no decryption), keeps the entries whose digest still matches, and
decrypts only the members that are new or changed since, then stores the renewed index. The
index is therefore never trusted over the member rows: a stale entry is re-read, an entry of
a member who left or was suspended is dropped.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from django.db.models import TextField
from django.db.models.functions import Cast

from veilleuse.alerts.models import Member, MemberStatus, TargetingIndex

CHUNK = 500
# What an entry holds: the digest of the member's sealed fields, zone ids, languages read,
# the interface language.
Entry = tuple[str, list[int], list[str], str]


def _digest(*ciphertexts: str | None) -> str:
    joined = "\x00".join(text or "" for text in ciphertexts)
    return hashlib.sha256(joined.encode("ascii", "replace")).hexdigest()[:32]


def _sealed_fields(association_id: int) -> dict[int, str]:
    """Each active member's digest, from the ciphertexts as stored (nothing decrypted)."""
    rows = (
        Member.objects.filter(association_id=association_id, status=MemberStatus.ACTIVE)
        .annotate(
            sealed_language=Cast("language", TextField()),
            sealed_languages=Cast("languages", TextField()),
            sealed_zones=Cast("zone_ids", TextField()),
        )
        .values_list("pk", "sealed_language", "sealed_languages", "sealed_zones")
    )
    return {pk: _digest(*sealed) for pk, *sealed in rows.iterator(chunk_size=2000)}


def _decrypted(digests: dict[int, str], ids: list[int]) -> dict[int, Entry]:
    read: dict[int, Entry] = {}
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        members = (
            Member.objects.filter(pk__in=chunk).only("language", "languages", "zone_ids").order_by()
        )
        for member in members:
            zones, languages = sorted(member.zone_ids or []), sorted(member.all_languages)
            read[member.pk] = (digests[member.pk], zones, languages, member.language)
    return read


def targeting_entries(*, association_id: int, remember: bool = True) -> dict[int, Entry]:
    """Every active member of the network with their zones and languages, decrypting only
    those the stored index does not know as they are now; stores the renewed index unless
    ``remember`` is false."""
    digests = _sealed_fields(association_id)
    index = TargetingIndex.objects.filter(pk=association_id).first()
    stored = index.entries if index is not None else {}
    entries: dict[int, Entry] = {}
    for pk, digest in digests.items():
        known = stored.get(str(pk))
        if known is not None and known[0] == digest:
            entries[pk] = (known[0], known[1], known[2], known[3])
    stale = [pk for pk in digests if pk not in entries]
    entries.update(_decrypted(digests, stale))
    if not remember or (index is not None and not stale and len(stored) == len(entries)):
        return entries  # nothing new, nobody gone: the stored index is still exact
    renewed = {str(pk): list(entry) for pk, entry in entries.items()}
    if index is None:
        TargetingIndex.objects.create(association_id=association_id, entries=renewed)
    else:
        index.entries = renewed
        index.save(update_fields=["entries"])
    return entries


def targeted_ids(
    *, association_id: int, zone_ids: Iterable[int], languages: Iterable[str]
) -> list[int]:
    """Ids of the active members with a zone among ``zone_ids`` and a language among
    ``languages``, in id order."""
    zones, wanted = set(zone_ids), set(languages)
    return sorted(
        pk
        for pk, (_digest, member_zones, read, _language) in targeting_entries(
            association_id=association_id
        ).items()
        if zones.intersection(member_zones) and wanted.intersection(read)
    )


def targeting_forget(*, association_id: int, member_ids: Iterable[int]) -> None:
    """Drop members from the network's index (erasure, removal): no sealed copy of their
    zones is left behind."""
    index = TargetingIndex.objects.select_for_update().filter(pk=association_id).first()
    if index is None:
        return
    gone = {str(pk) for pk in member_ids}
    if gone & index.entries.keys():
        index.entries = {pk: entry for pk, entry in index.entries.items() if pk not in gone}
        index.save(update_fields=["entries"])
