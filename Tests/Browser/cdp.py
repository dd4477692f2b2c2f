"""A minimal Chrome DevTools Protocol client for headless Chromium, on the standard library only.

    with Browser() as browser:                # launches chromium --headless=new --remote-debugging-port=0
        page = browser.new_page()             # a target in its own browser context (its own cookies)
        page.navigate("http://127.0.0.1:9466/")
        page.wait_for("document.querySelector('#main[data-ready]')")
        page.screenshot("days.png", 1280, 800)
        print(page.errors, page.dialogs)      # console errors, exceptions, error log entries; alert() etc.

One WebSocket to the browser (RFC 6455, written here on `socket`), sessions flattened into it
(Target.attachToTarget flatten=true). Calls are synchronous: send a command, read messages until
its answer arrives, and route the events read meanwhile to the pages they belong to.
"""

import base64
import hashlib
import json
import os
import re
import shutil
import socket
import struct
import subprocess
import tempfile
import threading
import time
import urllib.parse


class CDPError(Exception):
    pass


class WebSocket:
    """A client WebSocket: text frames out (masked), text/binary/control frames in."""

    GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"

    def __init__(self, url, timeout=30):
        u = urllib.parse.urlsplit(url)
        if u.scheme != "ws":
            raise CDPError(f"only ws:// URLs: {url}")
        self.sock = socket.create_connection((u.hostname, u.port or 80), timeout=timeout)
        key = base64.b64encode(os.urandom(16)).decode()
        path = u.path + ("?" + u.query if u.query else "")
        request = (f"GET {path} HTTP/1.1\r\nHost: {u.hostname}:{u.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                   f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n")
        self.sock.sendall(request.encode())
        self.buffer = b""
        while b"\r\n\r\n" not in self.buffer:
            chunk = self.sock.recv(4096)
            if not chunk:
                raise CDPError("the browser closed the connection during the WebSocket handshake")
            self.buffer += chunk
        head, self.buffer = self.buffer.split(b"\r\n\r\n", 1)
        lines = head.decode("latin-1").split("\r\n")
        if not lines[0].startswith("HTTP/1.1 101"):
            raise CDPError(f"WebSocket handshake refused: {lines[0]}")
        headers = {k.strip().lower(): v.strip() for k, v in (line.split(":", 1) for line in lines[1:] if ":" in line)}
        expected = base64.b64encode(hashlib.sha1((key + self.GUID).encode()).digest()).decode()
        if headers.get("sec-websocket-accept") != expected:
            raise CDPError("WebSocket handshake: wrong Sec-WebSocket-Accept")
        self.fragments = []

    def _read(self, n):
        while len(self.buffer) < n:
            chunk = self.sock.recv(max(65536, n - len(self.buffer)))
            if not chunk:
                raise CDPError("the browser closed the DevTools connection")
            self.buffer += chunk
        out, self.buffer = self.buffer[:n], self.buffer[n:]
        return out

    def _send_frame(self, opcode, payload):
        head = bytes([0x80 | opcode])
        n = len(payload)
        if n < 126:
            head += bytes([0x80 | n])
        elif n < 65536:
            head += bytes([0x80 | 126]) + struct.pack(">H", n)
        else:
            head += bytes([0x80 | 127]) + struct.pack(">Q", n)
        mask = os.urandom(4)
        if n:
            repeated = (mask * (n // 4 + 1))[:n]
            payload = (int.from_bytes(payload, "big") ^ int.from_bytes(repeated, "big")).to_bytes(n, "big")
        self.sock.sendall(head + mask + payload)

    def send(self, text):
        self._send_frame(0x1, text.encode())

    def recv(self, timeout):
        """The next text message, or None when none arrived within timeout seconds."""
        self.sock.settimeout(timeout)
        try:
            while True:
                b0, b1 = self._read(2)
                opcode, masked, n = b0 & 0x0F, b1 & 0x80, b1 & 0x7F
                if n == 126:
                    n = struct.unpack(">H", self._read(2))[0]
                elif n == 127:
                    n = struct.unpack(">Q", self._read(8))[0]
                mask = self._read(4) if masked else None
                payload = self._read(n)
                if mask:
                    payload = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
                if opcode == 0x9:          # ping
                    self._send_frame(0xA, payload)
                    continue
                if opcode == 0xA:          # pong
                    continue
                if opcode == 0x8:          # close
                    raise CDPError("the browser closed the DevTools connection")
                self.fragments.append(payload)
                if b0 & 0x80:              # FIN
                    data, self.fragments = b"".join(self.fragments), []
                    return data.decode("utf-8", "replace")
        except socket.timeout:
            return None

    def close(self):
        try:
            self._send_frame(0x8, b"")
        except OSError:
            pass
        self.sock.close()


def find_chromium():
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        path = shutil.which(name)
        if path:
            return path
    raise CDPError("no Chromium found: apt-get install -y --no-install-recommends chromium")


class Browser:
    def __init__(self, executable=None, timeout=30, extra_args=()):
        self.timeout = timeout
        self.profile = tempfile.mkdtemp(prefix="zoomdash-chromium-")
        args = [executable or find_chromium(), "--headless=new", "--no-sandbox", "--disable-gpu",
                "--remote-debugging-port=0", f"--user-data-dir={self.profile}", "--no-first-run",
                "--no-default-browser-check", "--disable-extensions", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--metrics-recording-only", "--mute-audio",
                "--hide-scrollbars", "--lang=en-GB", *extra_args, "about:blank"]
        self.proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        self.stderr_tail = []
        url = self._devtools_url()
        threading.Thread(target=self._drain, daemon=True).start()
        self.ws = WebSocket(url, timeout)
        self.next_id = 0
        self.answers = {}
        self.pages = {}   # sessionId -> Page

    def _devtools_url(self):
        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline:
            line = self.proc.stderr.readline()
            if not line:
                if self.proc.poll() is not None:
                    break
                continue
            text = line.decode("utf-8", "replace").rstrip()
            self.stderr_tail = (self.stderr_tail + [text])[-20:]
            m = re.search(r"DevTools listening on (ws://\S+)", text)
            if m:
                return m.group(1)
        self.close()
        raise CDPError("Chromium did not print its DevTools URL:\n" + "\n".join(self.stderr_tail))

    def _drain(self):
        for line in self.proc.stderr:
            self.stderr_tail = (self.stderr_tail + [line.decode("utf-8", "replace").rstrip()])[-20:]

    # --- messages ------------------------------------------------------------------------------
    def send(self, method, params=None, session=None, timeout=None, wait=True):
        self.next_id += 1
        ident = self.next_id
        msg = {"id": ident, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        self.ws.send(json.dumps(msg))
        if not wait:
            return None
        deadline = time.monotonic() + (timeout or self.timeout)
        while ident not in self.answers:
            left = deadline - time.monotonic()
            if left <= 0:
                raise CDPError(f"{method}: no answer within {timeout or self.timeout} s")
            self.pump(min(left, 1.0))
        answer = self.answers.pop(ident)
        if "error" in answer:
            raise CDPError(f"{method}: {answer['error'].get('message')} {answer['error'].get('data', '')}".strip())
        return answer.get("result", {})

    def pump(self, timeout):
        """Read and route messages for up to timeout seconds (returns after the first one)."""
        text = self.ws.recv(timeout)
        if text is None:
            return
        msg = json.loads(text)
        if "id" in msg:
            self.answers[msg["id"]] = msg
            return
        page = self.pages.get(msg.get("sessionId"))
        if page:
            page._event(msg["method"], msg.get("params", {}))

    # --- pages ---------------------------------------------------------------------------------
    def new_page(self, width=1280, height=800, locale="en-GB", timezone=None):
        """A new tab in a fresh browser context: no cookies shared with other pages."""
        context = self.send("Target.createBrowserContext", {"disposeOnDetach": True})["browserContextId"]
        target = self.send("Target.createTarget", {"url": "about:blank", "browserContextId": context})["targetId"]
        session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        page = Page(self, session, target, context)
        self.pages[session] = page
        for domain in ("Page", "Runtime", "Log", "Network"):
            page.send(domain + ".enable")
        page.set_viewport(width, height)
        if locale:
            page.send("Emulation.setLocaleOverride", {"locale": locale})
        if timezone:
            page.send("Emulation.setTimezoneOverride", {"timezoneId": timezone})
        return page

    def close(self):
        try:
            if getattr(self, "ws", None):
                try:
                    self.send("Browser.close", timeout=5)
                except CDPError:
                    pass
                self.ws.close()
        finally:
            if self.proc.poll() is None:
                self.proc.terminate()
                try:
                    self.proc.wait(5)
                except subprocess.TimeoutExpired:
                    self.proc.kill()
                    self.proc.wait()
            shutil.rmtree(self.profile, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class JSError(CDPError):
    pass


class Page:
    def __init__(self, browser, session, target, context):
        self.browser, self.session, self.target, self.context = browser, session, target, context
        self.errors = []     # readable lines: console errors, uncaught exceptions, error log entries
        self.dialogs = []    # (type, message) of alert/confirm/prompt/beforeunload dialogs
        self.loaded = 0      # Page.loadEventFired count

    def send(self, method, params=None, timeout=None):
        return self.browser.send(method, params, self.session, timeout)

    def _event(self, method, p):
        if method == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
            args = " ".join(str(a.get("value", a.get("description", a.get("type")))) for a in p.get("args", []))
            self.errors.append(f"console.{p['type']}: {args}")
        elif method == "Runtime.exceptionThrown":
            d = p.get("exceptionDetails", {})
            desc = (d.get("exception") or {}).get("description") or d.get("text")
            self.errors.append(f"uncaught exception: {desc} ({d.get('url', '')}:{d.get('lineNumber', '?')})")
        elif method == "Log.entryAdded":
            e = p.get("entry", {})
            if e.get("level") == "error":
                self.errors.append(f"log ({e.get('source')}): {e.get('text')} {e.get('url', '')}".rstrip())
        elif method == "Page.javascriptDialogOpening":
            self.dialogs.append((p.get("type"), p.get("message")))
            self.browser.send("Page.handleJavaScriptDialog", {"accept": True}, self.session, wait=False)
        elif method == "Page.loadEventFired":
            self.loaded += 1

    # --- actions -------------------------------------------------------------------------------
    def set_viewport(self, width, height, mobile=False, scale=1):
        self.send("Emulation.setDeviceMetricsOverride",
                  {"width": width, "height": height, "deviceScaleFactor": scale, "mobile": mobile})

    def navigate(self, url, timeout=30):
        before = self.loaded
        r = self.send("Page.navigate", {"url": url}, timeout)
        if r.get("errorText"):
            raise CDPError(f"navigate {url}: {r['errorText']}")
        self.wait(lambda: self.loaded > before, timeout, f"the load event of {url}")

    def wait(self, predicate, timeout, what):
        deadline = time.monotonic() + timeout
        while not predicate():
            if time.monotonic() > deadline:
                raise CDPError(f"timed out after {timeout} s waiting for {what}")
            self.browser.pump(0.1)

    def evaluate(self, expression, await_promise=False, timeout=None):
        r = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True,
                                           "awaitPromise": await_promise}, timeout)
        if r.get("exceptionDetails"):
            d = r["exceptionDetails"]
            raise JSError((d.get("exception") or {}).get("description") or d.get("text"))
        return r.get("result", {}).get("value")

    def wait_for(self, expression, timeout=30, what=None):
        """Polls a JavaScript expression until it is truthy; returns its value."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                value = self.evaluate(expression)
            except JSError:
                value = None  # e.g. the document is being replaced
            if value:
                return value
            if time.monotonic() > deadline:
                raise CDPError(f"timed out after {timeout} s waiting for {what or expression}")
            end = time.monotonic() + 0.15
            while time.monotonic() < end:
                self.browser.pump(max(0.01, end - time.monotonic()))

    def wait_for_selector(self, selector, timeout=30):
        return self.wait_for(f"!!document.querySelector({json.dumps(selector)})", timeout, f"selector {selector}")

    def settle(self, seconds):
        """Let timers, fetches and events run for a while."""
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            self.browser.pump(max(0.01, end - time.monotonic()))

    def screenshot(self, path, width=None, height=None, mobile=False, scale=1, full_page=False):
        if width:
            self.set_viewport(width, height, mobile, scale)
            self.settle(0.4)   # resize observers redraw the charts
        params = {"format": "png"}
        if full_page:
            size = self.send("Page.getLayoutMetrics")["cssContentSize"]
            params["clip"] = {"x": 0, "y": 0, "width": size["width"], "height": size["height"], "scale": 1}
            params["captureBeyondViewport"] = True
        data = self.send("Page.captureScreenshot", params, timeout=60)["data"]
        with open(path, "wb") as fh:
            fh.write(base64.b64decode(data))
        return path

    def set_cookie(self, name, value, url, http_only=True):
        r = self.send("Network.setCookie", {"name": name, "value": value, "url": url, "httpOnly": http_only, "sameSite": "Strict"})
        if not r.get("success", True):
            raise CDPError(f"Network.setCookie {name} refused")

    def cookies(self):
        return self.send("Network.getCookies").get("cookies", [])

    def fill_and_submit(self, form_selector, values, timeout=30):
        """Types values into the form's fields by name, submits it as a click would, waits for the next page."""
        before = self.loaded
        script = f"""(() => {{
          const form = document.querySelector({json.dumps(form_selector)});
          if (!form) return "no form " + {json.dumps(form_selector)};
          for (const [name, value] of Object.entries({json.dumps(values)})) {{
            const field = form.elements.namedItem(name);
            if (!field) return "no field " + name;
            field.focus(); field.value = value;
            field.dispatchEvent(new Event("input", {{bubbles: true}}));
            field.dispatchEvent(new Event("change", {{bubbles: true}}));
          }}
          const button = form.querySelector("button[type=submit], button:not([type]), input[type=submit]");
          if (form.requestSubmit) form.requestSubmit(button || undefined); else form.submit();
          return "";
        }})()"""
        problem = self.evaluate(script)
        if problem:
            raise CDPError(problem)
        self.wait(lambda: self.loaded > before, timeout, f"the page after submitting {form_selector}")

    def url(self):
        return self.evaluate("location.href")

    def close(self):
        try:
            self.browser.send("Target.closeTarget", {"targetId": self.target}, timeout=5)
            self.browser.send("Target.disposeBrowserContext", {"browserContextId": self.context}, timeout=5)
        except CDPError:
            pass
        self.browser.pages.pop(self.session, None)
