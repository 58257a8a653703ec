"""Starting the station window as `station-app gui` does: everything up, the first list shown,
then the start-up's objects taken out of the garbage collector's walk."""

from __future__ import annotations

import gc

from tests.ui import seed
from ui import launch
from ui.main_window import MainWindow


def test_the_window_starts_and_settles_after_its_first_list(qtbot, qt_app, tmp_path):
    folder = tmp_path / "station"
    seed.open_station(folder).close()
    gc.unfreeze()
    running = launch.start(folder, language="en", sync=False)
    try:
        window = running.window
        assert isinstance(window, MainWindow)
        qtbot.addWidget(window)
        assert gc.get_freeze_count() == 0
        qtbot.waitSignal(window.ready, timeout=10_000).wait()
        assert gc.get_freeze_count() > 10_000  # modules, classes, Qt wrappers
    finally:
        launch.stop(running)
        gc.unfreeze()  # the other tests' objects are theirs to collect
