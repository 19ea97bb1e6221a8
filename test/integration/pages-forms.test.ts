import { beforeAll, describe, expect, it } from 'vitest';
import type { Offer } from '#domain';
import { needFormFields } from '#test/builders';
import { createHarness, type Harness, type Member, type Session, uniqueEmail } from '#test/harness';
import { getPage, postForm } from '#test/pages';

// The form kit as the server renders it (issue 18, items 1, 2 and 5): every form's first submit
// button is its main action (Enter), the error summary names the fields in the form's order and
// links to each, and the municipality picker is a checkbox list grouped by prefecture that
// works without JavaScript. The browser side is in test/browser/forms.test.ts.

let h: Harness;
let platformId: string;
let npo: Member;
let company: Member;

beforeAll(async () => {
  h = await createHarness();
  const email = uniqueEmail('secretariat');
  platformId = await h.platform({}, [email]);
  const secretariat = await h.signIn(email);
  npo = await h.member(platformId, secretariat, 'npo');
  company = await h.member(platformId, secretariat, 'company', {
    name: '株式会社つなぐ食品',
    legalForm: 'company',
  });
});

const newNeed = () => `/needs/new?organization=${npo.org.id}&platform=${platformId}&kind=venue`;
const newOffer = () => `/offers/new?organization=${company.org.id}&platform=${platformId}&kind=venue`;

/** The <form> that posts to `action` (the page's own form, not the header's sign-out). */
function formOf(html: string, action: string): string {
  const at = html.indexOf(`action="${action.replace(/&/g, '&amp;')}"`);
  expect(at, `a form posting to ${action}`).toBeGreaterThan(0);
  return html.slice(html.lastIndexOf('<form', at), html.indexOf('</form>', at));
}

/** The error summary's items: [link target or '', text]. */
function summaryOf(html: string): [string, string][] {
  const box = html.slice(
    html.indexOf('id="error-summary"'),
    html.indexOf('</ul>', html.indexOf('id="error-summary"')),
  );
  return [...box.matchAll(/<li>(?:<a href="#([^"]+)">([^<]*)<\/a>|([^<]*))<\/li>/g)].map((m) => [
    m[1] ?? '',
    m[2] ?? m[3] ?? '',
  ]);
}

const firstSubmit = (form: string) => form.match(/<button[^>]*type="submit"[^>]*>/)?.[0] ?? '';

describe('Enter: the main action is every form’s first submit button', () => {
  it('the need and offer forms start with the hidden copy of the main button, not 「市区町村の一覧を更新」', async () => {
    for (const [path, as] of [
      [newNeed(), npo.session],
      [newOffer(), company.session],
      ['/preferences', npo.session],
      ['/organizations/new', npo.session],
    ] as [string, Session][]) {
      const html = await (await getPage(h, path, as)).text();
      const form = formOf(html, path);
      const first = firstSubmit(form);
      expect(first, path).toContain('class="default-action"');
      expect(first, path).not.toContain('name=');
      expect(first, path).toContain('tabindex="-1"');
      expect(first, path).toContain('aria-hidden="true"');
      // The refresh button is still there for browsers without JavaScript, after it.
      expect(form.indexOf('name="_refresh"'), path).toBeGreaterThan(form.indexOf(first));
    }
  });
});

describe('the error summary', () => {
  it('names each field with an error, in the form’s order, each a link to its field', async () => {
    const res = await postForm(
      h,
      newNeed(),
      npo.session,
      // Wrong in an order other than the form's: the period, the capacity, the fields, the title.
      needFormFields({ 'period.start': 'いつか', 'capacity.people': '-3', fields: [], title: '' }),
    );
    expect(res.status).toBe(400);
    const html = await res.text();
    const items = summaryOf(html);
    expect(items.map(([target]) => target)).toEqual([
      'f-title',
      'f-fields-0',
      'f-capacity-people',
      'f-period-start',
    ]);
    expect(items[0]![1]).toMatch(/^タイトル：/);
    expect(items[1]![1]).toBe('分野：1つ以上選んでください');
    expect(items[2]![1]).toBe('定員（人）：1以上の数を入力してください');
    expect(items[3]![1]).toMatch(/^開始日：/);
    // Each link goes somewhere on the page, and no sentence is there twice.
    for (const [target] of items) expect(html).toContain(`id="${target}"`);
    expect(new Set(items.map(([, text]) => text)).size).toBe(items.length);
    // Next to the field too, tied to it for screen readers.
    expect(html).toMatch(/<input id="f-title" aria-invalid="true" aria-describedby="f-title-error"/);
  });

  it('puts a message about a group under the group’s label, linked to the group', async () => {
    const res = await postForm(h, newOffer(), company.session, {
      kind: 'venue',
      title: '会議室をお貸しします',
      fields: ['any'],
      'capacity.people': '20',
      'period.start': '2026-12-01',
    });
    expect(res.status).toBe(400);
    const items = summaryOf(await res.text());
    expect(items).toContainEqual(['f-serviceArea', expect.stringMatching(/^対応できる地域：/)]);
  });
});

describe('the municipality picker', () => {
  it('lists the platform’s prefecture as checkboxes by prefecture, with a search box for JavaScript', async () => {
    const html = await (await getPage(h, newOffer(), company.session)).text();
    const picker = html.slice(html.indexOf('id="f-serviceArea-municipalities"'));
    expect(picker).toMatch(/<details class="muni-group" open="" data-prefecture="11"><summary>埼玉県/);
    expect(picker).toMatch(
      /<input id="f-serviceArea-municipalities-11203" type="checkbox" name="serviceArea.municipalities" value="11203"\/> 川口市/,
    );
    expect(picker).toContain('選択 <span data-chosen="">0</span>／');
    // Hidden until the script shows it: without JavaScript there is nothing to type into.
    expect(picker).toMatch(/<div class="muni-search" hidden="" data-muni-search="">/);
    expect(html).not.toContain('<select id="f-serviceArea-municipalities"');
    expect(html).not.toContain('multiple');
  });

  it('adds another prefecture’s list without JavaScript and keeps what was ticked and typed', async () => {
    const res = await postForm(h, newOffer(), company.session, {
      kind: 'venue',
      title: '会議室をお貸しします',
      'serviceArea.municipalities': ['11203'],
      '_shown-f-serviceArea-municipalities': ['11'],
      '_pref-f-serviceArea-municipalities': '13',
      _refresh: '1',
    });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('name="title" type="text" value="会議室をお貸しします"');
    expect(html).toMatch(/value="11203" checked=""\/> 川口市/);
    expect(html).toMatch(/<details class="muni-group" open="" data-prefecture="13">/);
    expect(html).toMatch(/value="13101"\/> 千代田区/);
    // Both lists stay when the next prefecture is asked for.
    expect(html).toMatch(/name="_shown-f-serviceArea-municipalities" value="13"/);
  });

  it('posts the ticked municipalities as before and shows them ticked on the edit form', async () => {
    const res = await postForm(h, newOffer(), company.session, {
      kind: 'venue',
      title: '川口と千代田で会場をお貸しします',
      fields: ['any'],
      types: ['meeting_room'],
      'capacity.people': '20',
      'serviceArea.municipalities': ['11203', '13101'],
      '_shown-f-serviceArea-municipalities': ['11', '13'],
      'period.start': '2026-12-01',
    });
    expect(res.status, await res.clone().text()).toBe(303);
    const offers = (
      (await (
        await h.request(`/v1/organizations/${company.org.id}/offers`, { as: company.session })
      ).json()) as { items: Offer[] }
    ).items;
    const offer = offers.find((o) => o.title === '川口と千代田で会場をお貸しします')!;
    expect(offer.serviceArea.municipalities).toEqual(['11203', '13101']);

    const edit = await (await getPage(h, `/offers/${offer.id}/edit`, company.session)).text();
    expect(edit).toMatch(/value="11203" checked=""\/> 川口市/);
    // Tokyo is outside the platform's area but chosen: its list is there, open, with the count.
    expect(edit).toMatch(/<details class="muni-group" open="" data-prefecture="13"><summary>東京都/);
    expect(edit).toMatch(/value="13101" checked=""\/> 千代田区/);
    const tokyo = edit.slice(edit.indexOf('data-prefecture="13"'));
    expect(tokyo).toContain('選択 <span data-chosen="">1</span>／');
  });
});
