from tests.e2e.test_browser import *  # noqa
def test_dbg(page, server, demo_store):
    page.goto(server.url)
    sign_in(page, "demo-manager", demo_store.passwords["demo-manager"])
    expect(page.get_by_role("button", name="Kirjaudu ulos")).to_be_visible()
    for i in range(12):
        print(i, page.locator("h1").count(), page.locator(STATUS).count(), page.locator("h1").all_inner_texts())
        page.wait_for_timeout(500)
    page.screenshot(path="/tmp/e2etry/dbg.png")
