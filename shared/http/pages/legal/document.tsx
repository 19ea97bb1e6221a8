import { PRIVACY_VERSION, TERMS_VERSION, type TermsConsentInput } from '#domain';
import type { FormValues } from '../forms';
import { Toggle } from '../forms';
import { Bi, Page, Title } from '../layout';
import { useT } from '../view';
import type { LegalDocument } from './texts';

// A legal document as a page (one language), and the consent checkbox the sign-up, the
// invitation and the re-consent pages share: it carries the versions the reader was shown, so a
// version published while the page was open is refused (the API names the newer one).

export function LegalPage({ doc }: { doc: LegalDocument }) {
  const t = useT();
  return (
    <Page title={doc.title.ja} titleEn={doc.title.en}>
      <article class="legal">
        <Title ja={doc.title.ja} en={doc.title.en} />
        <p class="note">
          <Bi ja={`版: ${doc.version}`} en={`Version: ${doc.version}`} />
        </p>
        <p>{t(doc.intro.ja, doc.intro.en)}</p>
        {doc.sections.map((s) => (
          <section>
            <h2>{t(s.heading.ja, s.heading.en)}</h2>
            {(s.items ?? []).length > 0 ? (
              <ul>
                {(s.items ?? []).map((i) => (
                  <li>{t(i.ja, i.en)}</li>
                ))}
              </ul>
            ) : null}
            {(s.paragraphs ?? []).map((p) => (
              <p>{t(p.ja, p.en)}</p>
            ))}
          </section>
        ))}
      </article>
    </Page>
  );
}

/** The required checkbox "I agree to the terms and the privacy notice", with links to both. */
export function ConsentField() {
  return (
    <>
      <input type="hidden" name="consentTerms" value={TERMS_VERSION} />
      <input type="hidden" name="consentPrivacy" value={PRIVACY_VERSION} />
      <Toggle
        name="consent"
        ja="利用規約とプライバシーポリシーに同意します（必須）"
        en="I agree to the terms of use and the privacy notice (required)"
        hint={
          <>
            <a href="/terms" target="_blank" rel="noopener">
              <Bi ja="利用規約" en="Terms of use" />
            </a>
            {' ・ '}
            <a href="/privacy" target="_blank" rel="noopener">
              <Bi ja="プライバシーポリシー" en="Privacy notice" />
            </a>
          </>
        }
      />
    </>
  );
}

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? '';

/** The consent a form carries: the versions it showed, if its box is ticked. */
export function consentOf(values: FormValues): TermsConsentInput | undefined {
  return one(values.consent) === 'on'
    ? { terms: one(values.consentTerms), privacy: one(values.consentPrivacy) }
    : undefined;
}

/** The error a form without its box ticked shows at the box. */
export const CONSENT_REQUIRED =
  '利用規約とプライバシーポリシーへの同意が必要です。 Please agree to the terms of use and the privacy notice.';
