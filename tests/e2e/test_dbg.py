from tests.e2e.test_browser import page, server, browser, demo_store, STATUS, sign_in, expect  # noqa
import time
def test_dbg(page, server, demo_store):
    for k in range(3):
        t0=time.time(); states=[]
        msgs=[]
        page.on("websocket", lambda ws: ws.on("framesent", lambda f: msgs.append((round(time.time()-t0,2), "sent", len(f) if f else 0))))
        page.goto(server.url)
        for i in range(40):
            states.append((round(time.time()-t0,2), page.locator(STATUS).count(), page.locator('button:has-text("Kirjaudu")').count(), page.locator("iframe").count()))
            page.wait_for_timeout(100)
        print(k, [s for j,s in enumerate(states) if j==0 or s[1:]!=states[j-1][1:]])
        print(msgs)
