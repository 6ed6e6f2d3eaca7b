"""Saves that must not be lost: several processes saving the same table at once (issue 18, item 6).

Real processes (multiprocessing) save tags of different observations and votes of different
voters into one file at the same time: every change must be on disk. A real conflict (the
same cell changed since it was loaded) is refused with a French message, nothing written."""
from __future__ import annotations

import multiprocessing
import shutil

import pytest

from conftest import LYCEES
from transfo_lab.base.exceptions import SaveConflictError
from transfo_lab.contract.io import read_table
from transfo_lab.contract.programme import load_programme

KNOWN = ["accueil", "restauration", "internat", "chantier"]


@pytest.fixture
def prog(tmp_path):
    folder = tmp_path / "lycees"
    shutil.copytree(LYCEES, folder)
    return folder


def _observations(folder):
    raw = read_table(folder / "observations.csv").data
    return dict(zip(raw["Identifiant"], raw["Étiquettes"].fillna("")))


def _tag_worker(path, ids, base, barrier):
    from transfo_lab.training.widgets import save_tags

    barrier.wait()
    for n, obs_id in enumerate(ids):
        tags = [KNOWN[n % len(KNOWN)], KNOWN[(n + 1) % len(KNOWN)]]
        save_tags(path, {obs_id: tags}, KNOWN, base={obs_id: base[obs_id]})


def _vote_worker(path, tablet, barrier):
    from transfo_lab.training.widgets import save_votes

    barrier.wait()
    for n in range(40):
        save_votes(path, f"{tablet}-votant-{n:02d}", "usagers", {"ID-01": 1 + n % 3, "ID-02": 1}, 5, base={})


def _run(target, args_list):
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(len(args_list))
    processes = [context.Process(target=target, args=(*args, barrier)) for args in args_list]
    for p in processes:
        p.start()
    for p in processes:
        p.join(120)
    assert [p.exitcode for p in processes] == [0] * len(processes)


def test_two_processes_saving_tags_lose_nothing(prog):
    path = prog / "observations.csv"
    before = _observations(prog)
    base = {k: [t.strip() for t in v.split(",") if t.strip()] for k, v in before.items()}
    ids = list(before)[:120]
    _run(_tag_worker, [(path, ids[0::2], base), (path, ids[1::2], base)])
    after = _observations(prog)
    expected = {}
    for half in (ids[0::2], ids[1::2]):
        for n, obs_id in enumerate(half):
            expected[obs_id] = f"{KNOWN[n % len(KNOWN)]}, {KNOWN[(n + 1) % len(KNOWN)]}"
    assert {k: after[k] for k in ids} == expected  # all 120 changes are on disk
    assert {k: after[k] for k in after if k not in ids} == {k: before[k] for k in before if k not in ids}
    assert len(list((prog / ".backups").iterdir())) == 120  # one backup per save, as before
    assert load_programme(prog, strict=False).report.ok


def test_two_voting_tablets_lose_no_voter(prog):
    path = prog / "votes.csv"
    before = read_table(path).data
    _run(_vote_worker, [(path, "tablette1"), (path, "tablette2")])
    votes = read_table(path).data
    new = votes[votes["Votant"].str.startswith("tablette")]
    assert new["Votant"].nunique() == 80 and len(new) == 160
    assert len(votes) == len(before) + 160


def test_conflicting_tag_save_is_refused_and_writes_nothing(prog):
    from transfo_lab.training.widgets import save_tags

    path = prog / "observations.csv"
    loaded = {"OBS-001": ["accueil"]}  # what both editors loaded
    save_tags(path, {"OBS-001": ["accueil", "chantier"]}, KNOWN, base=loaded)  # editor 1 saves first
    text = path.read_bytes()
    with pytest.raises(SaveConflictError) as info:
        save_tags(path, {"OBS-001": ["internat"]}, KNOWN, base=loaded)  # editor 2, from the stale version
    assert str(info.value) == (
        "observations.csv, ligne 2, colonne « Étiquettes » : conflit, rien n'a été enregistré : observation OBS-001, "
        "« Étiquettes » a été modifié(e) dans le fichier depuis son ouverture (maintenant « accueil, chantier », "
        "vous aviez chargé « accueil » et voulez « internat ») ; rechargez puis refaites votre modification")
    assert path.read_bytes() == text
    # the same change made twice is not a conflict; another observation is merged
    save_tags(path, {"OBS-001": ["accueil", "chantier"], "OBS-002": ["internat"]}, KNOWN, base={
        "OBS-001": ["accueil"], "OBS-002": ["chantier", "circulation"]})
    after = _observations(prog)
    assert (after["OBS-001"], after["OBS-002"]) == ("accueil, chantier", "internat")


def test_tagging_widgets_on_two_computers(prog):
    from transfo_lab.training.widgets import TaggingWidget

    first, second = TaggingWidget(prog), TaggingWidget(prog)
    first.go(0)
    first.select(["accueil", "chantier"])
    assert first.save()
    second.go(1)
    second.select(["internat"])
    assert second.save()  # another observation: merged, not lost
    after = _observations(prog)
    assert (after["OBS-001"], after["OBS-002"]) == ("accueil, chantier", "internat")
    second.go(0)
    second.select(["restauration"])
    assert not second.save()  # the same observation, changed meanwhile by the first computer
    assert "conflit, rien n'a été enregistré : observation OBS-001" in second.status.value
    assert _observations(prog)["OBS-001"] == "accueil, chantier"


def test_conflicting_votes_and_scores(prog):
    from transfo_lab.training.widgets import save_scores, save_votes

    votes = prog / "votes.csv"
    save_votes(votes, "AG-01", "agents", {"ID-03": 1}, 5, base={"ID-03": 2, "ID-21": 3})
    with pytest.raises(SaveConflictError, match="conflit, rien n'a été enregistré : AG-01, « Gommettes » a été "
                                                "modifié"):
        save_votes(votes, "AG-01", "agents", {"ID-03": 5}, 5, base={"ID-03": 2, "ID-21": 3})
    criteria = load_programme(prog, strict=False).criteria
    scores = prog / "notes.csv"
    save_scores(scores, "lycee-technique", 1, {"C01": ("5", "Comptage refait")}, criteria,
                base={"C01": (4, "Comptage : 76 élèves par jour sur les bancs et dans le hall-salon")})
    with pytest.raises(SaveConflictError, match="C01 \\(lycee-technique, 1\\), « Note » a été modifié"):
        save_scores(scores, "lycee-technique", 1, {"C01": ("2", "autre")}, criteria,
                    base={"C01": (4, "Comptage : 76 élèves par jour sur les bancs et dans le hall-salon")})
    data = read_table(scores).data
    row = data[(data["Critère"] == "C01") & (data["Site"] == "lycee-technique") & (data["Tour"] == "1")]
    assert row[["Note", "Preuve"]].values.tolist() == [["5", "Comptage refait"]]


def test_widget_save_into_an_unwritable_folder_is_refused_in_french(prog, monkeypatch):
    import errno
    import tempfile

    from transfo_lab.training.widgets import TaggingWidget

    widget = TaggingWidget(prog)
    widget.go(0)
    widget.select(["internat"])

    def refuse(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    before = (prog / "observations.csv").read_bytes()
    assert not widget.save()
    assert f"impossible d'écrire dans {prog} : disque plein" in widget.status.value
    assert (prog / "observations.csv").read_bytes() == before


def test_a_save_waiting_too_long_for_the_lock_is_refused(prog, monkeypatch):
    import multiprocessing

    from transfo_lab.contract import editing
    from transfo_lab.base.exceptions import DataError
    from transfo_lab.training.widgets import save_tags

    path = prog / "observations.csv"
    context = multiprocessing.get_context("fork")
    holding, release = context.Event(), context.Event()

    def hold():
        with editing.locked(path):
            holding.set()
            release.wait(30)

    holder = context.Process(target=hold)
    holder.start()
    try:
        assert holding.wait(30)
        monkeypatch.setattr(editing, "LOCK_TIMEOUT", 0.3)
        before = path.read_bytes()
        with pytest.raises(DataError) as info:
            save_tags(path, {"OBS-001": ["internat"]}, KNOWN)
        assert str(info.value) == ("observations.csv : rien n'a été enregistré : le fichier est en cours "
                                   "d'enregistrement par un autre poste depuis plus de 0,3 s ; réessayez")
        assert path.read_bytes() == before
    finally:
        release.set()
        holder.join(30)
    save_tags(path, {"OBS-001": ["internat"]}, KNOWN)  # the lock is free again
