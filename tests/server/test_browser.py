"""A seat in a browser: `wargame serve --web` in a real process, headless Chromium typing into the page.

The page is textual-serve's: each tab runs `wargame join` on the server's
machine and shows it in a terminal drawn on a canvas, so the test reads
nothing from the page; it watches the exercise instead, as the white cell
would. It waits for the page's first bytes, clicks the terminal, types
Tokyo's code and Enter, waits until the white cell sees Tokyo connected,
presses the numbers in turn (a closed response is refused on the board
with its reason), and waits until Tokyo's response is in the save the
server writes after every accepted decision.

Chromium is Debian's `chromium-headless-shell` (which `.ci/run` installs),
driven by Playwright for Python pointed at that executable: no browser is
downloaded. The test is skipped, saying so, only where that package is not
installed.
"""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import signal
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from tests.server.conftest import QUICK
from tests.server.test_crash import ENV, codes_in
from wargame.server.client import ExerciseClient

CHROMIUM = shutil.which("chromium-headless-shell") or next(
    (str(p) for p in (Path("/usr/lib/chromium/chromium-headless-shell"), Path("/usr/lib/chromium/headless_shell")) if p.exists()), None
)

pytestmark = [
    pytest.mark.skipif(sys.platform == "win32", reason="the server is stopped with a signal"),
    pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium-headless-shell is not installed (apt-get install chromium-headless-shell; .ci/run does)"),
]


def serve_web(data: Path) -> subprocess.Popen[str]:
    """`wargame serve --web` on free ports, Tokyo a person, the other capitals bots (call from the main thread)."""
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)  # stoppable by Ctrl+C, as from a terminal
    try:
        proc = subprocess.Popen(
            [sys.executable, "-m", "wargame", "serve", "--web", "--port", "0", "--web-port", "0", "--seed", "3", "--pace", "0",
             "--seats", "tokyo=human,washington=doctrine,beijing=doctrine", "--data", str(data)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True, cwd=data.parent, env=ENV,
        )
    finally:
        signal.signal(signal.SIGINT, previous)
    return proc


def printed(proc: subprocess.Popen[str]) -> list[str]:
    """The server's lines up to its last at start."""
    assert proc.stdout is not None
    lines = []
    for line in proc.stdout:
        lines.append(line.rstrip("\n"))
        if line.startswith("Ctrl+C stops the server"):
            break
    return lines


def tokyo_responses(save: Path) -> list[dict]:
    if not save.exists():
        return []
    decisions = tomllib.loads(save.read_text(encoding="utf-8")).get("decision", [])
    return [d for d in decisions if d.get("actor") == "tokyo" and d.get("kind") == "respond"]


def tab_clients(ws_port: str) -> set[int]:
    """The pids of the `wargame join` processes the server started for its browser tabs."""
    wanted = f"wargame\0join\0ws://127.0.0.1:{ws_port}"
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if wanted in (entry / "cmdline").read_bytes().decode(errors="replace"):
                    found.add(int(entry.name))
            except OSError:
                continue
    return found


async def eventually(check, timeout: float, every: float = 0.2) -> bool:
    """Whether `check()` came true within `timeout` seconds."""
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    while loop.time() < end:
        if check():
            return True
        await asyncio.sleep(every)
    return check()


async def test_a_browser_seat_joins_with_its_code_and_its_decision_reaches_the_server(tmp_path) -> None:
    from playwright.async_api import async_playwright

    data = tmp_path / "exercise"
    proc = serve_web(data)
    lines = await asyncio.to_thread(printed, proc)
    try:
        text = "\n".join(lines)
        web = re.search(r"^Browsers: (http://127\.0\.0\.1:\d+/)", text, re.M)
        ws = re.search(r"Listening on ws://127\.0\.0\.1:(\d+)", text)
        assert web and ws, text + (proc.stderr.read() if proc.stderr and proc.poll() is not None else "")
        codes = codes_in(lines)
        async with ExerciseClient(f"127.0.0.1:{ws.group(1)}", codes["white cell"], backoff=QUICK) as white_cell:
            await white_cell.start(timeout=30)
            async with async_playwright() as playwright:
                browser = await playwright.chromium.launch(executable_path=CHROMIUM)
                try:
                    page = await browser.new_page(viewport={"width": 1200, "height": 800})
                    await page.goto(web.group(1))
                    await page.wait_for_selector("body.-first-byte", state="attached", timeout=60_000)
                    # the join screen may not have focus the instant the first bytes arrive: type until Tokyo is connected
                    for _attempt in range(6):
                        await page.mouse.click(600, 400)
                        await page.keyboard.press("Control+u")
                        await page.keyboard.type(codes["tokyo"])
                        await page.keyboard.press("Enter")
                        if await eventually(lambda: "tokyo" in white_cell.status.get("connected", ()), 10):
                            break
                    assert "tokyo" in white_cell.status.get("connected", ()), white_cell.status
                    save = data / "exercise.toml"
                    # the board is drawn a moment after the join, and a closed response is refused with its reason:
                    # press the numbers in turn until the server has Tokyo's response
                    for digit in "1234" * 3:
                        await page.keyboard.press(digit)
                        if await eventually(lambda: bool(tokyo_responses(save)), 5):
                            break
                    responses = tokyo_responses(save)
                    assert responses, f"no response by Tokyo reached {save}"
                    assert responses[0]["turn"] == 1
                    # Ctrl+C with the tab still open: the server stops, and takes the tab's client with it
                    tabs = tab_clients(ws.group(1))
                    assert len(tabs) == 1, tabs
                    proc.send_signal(signal.SIGINT)
                    _out, err = await asyncio.to_thread(proc.communicate, timeout=30)
                    assert proc.returncode in (0, 130), err
                    assert "Traceback" not in err, err
                    assert await eventually(lambda: not tab_clients(ws.group(1)), 10), tab_clients(ws.group(1))
                finally:
                    await browser.close()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate(timeout=30)


async def test_a_tab_client_ends_when_the_server_is_killed_outright(tmp_path) -> None:
    """SIGKILL gives the server no chance to stop its tabs: each tab's client sees its parent go and quits."""
    from playwright.async_api import async_playwright

    proc = serve_web(tmp_path / "exercise")
    try:
        text = "\n".join(await asyncio.to_thread(printed, proc))
        web = re.search(r"^Browsers: (http://127\.0\.0\.1:\d+/)", text, re.M)
        ws = re.search(r"Listening on ws://127\.0\.0\.1:(\d+)", text)
        assert web and ws, text
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path=CHROMIUM)
            try:
                page = await browser.new_page()
                await page.goto(web.group(1))
                await page.wait_for_selector("body.-first-byte", state="attached", timeout=60_000)
                assert await eventually(lambda: len(tab_clients(ws.group(1))) == 1, 10)
                proc.kill()
                proc.communicate(timeout=30)
                assert await eventually(lambda: not tab_clients(ws.group(1)), 15), tab_clients(ws.group(1))
            finally:
                await browser.close()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate(timeout=30)


async def test_the_page_is_built_from_the_request_and_its_terminal_refuses_other_sites(tmp_path) -> None:
    """In process: the page points at the host the browser used; another site's page cannot open a tab; a bad Host is refused."""
    import aiohttp

    from wargame.server.limits import OriginPolicy
    from wargame.server.web import WebSeats

    pages = WebSeats("ws://127.0.0.1:9", host="127.0.0.1", port=0, origins=OriginPolicy(["https://wargame.example"]))
    port = await pages.start()
    try:
        async with aiohttp.ClientSession() as http:
            async with http.get(f"http://127.0.0.1:{port}/", headers={"Host": "192.168.1.20:8766"}) as page:
                html = await page.text()
            assert "ws://192.168.1.20:8766/ws" in html and "http://192.168.1.20:8766/static/" in html
            async with http.get(f"http://127.0.0.1:{port}/", headers={"Host": "wargame.example", "X-Forwarded-Proto": "https"}) as page:
                assert "wss://wargame.example/ws" in await page.text()
            async with http.get(f"http://127.0.0.1:{port}/", headers={"Host": '"><script>x</script>'}) as page:
                assert page.status == 400
            async with http.get(f"http://127.0.0.1:{port}/ws", headers={"Origin": "https://evil.example"}) as refused:
                assert refused.status == 403
                assert "origin https://evil.example is not allowed" in await refused.text()
    finally:
        await pages.stop()


def test_web_without_the_extra_is_one_line_and_exit_2(tmp_path) -> None:
    blocked = tmp_path / "blocked"
    (blocked / "textual_serve").mkdir(parents=True)
    (blocked / "textual_serve" / "__init__.py").write_text("raise ImportError('textual_serve', name='textual_serve')\n")
    env = {**ENV, "PYTHONPATH": str(blocked) + os.pathsep + ENV["PYTHONPATH"]}
    run = subprocess.run(
        [sys.executable, "-m", "wargame", "serve", "--web", "--port", "0", "--data", str(tmp_path / "exercise")],
        capture_output=True, text=True, env=env, timeout=60, stdin=subprocess.DEVNULL,
    )
    assert run.returncode == 2, run.stderr
    assert run.stderr.strip().count("\n") == 0 and "pip install 'wargame[web]'" in run.stderr, run.stderr
    assert not (tmp_path / "exercise").exists()
