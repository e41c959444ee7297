// The page object for the score screen: every locator the specs use lives here.
export class ScorePage {
  constructor(page) {
    this.page = page;
    this.heading = page.getByRole('heading', { level: 1 });
    this.total = page.getByTestId('total');
    this.grade = page.getByTestId('grade');
    this.fatalBanner = page.locator('.banner.fatal');
    this.problems = page.getByRole('alert').locator('li');
  }

  async open(query = '') {
    await this.page.goto(`/index.html${query}`);
  }

  async screenshot(name, testInfo) {
    await this.page.screenshot({
      path: `target/e2e/screenshots/${testInfo.project.name}-${name}.png`,
      fullPage: true,
    });
  }
}
