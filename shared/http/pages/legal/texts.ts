// What the terms of use (./terms.ts) and the privacy notice (./privacy-notice.ts) share: their
// shape (each text in Japanese and English; a reader reads one) and the operator they name.

/** The operator's settings (config.operator, from OPERATOR_NAME, OPERATOR_EMAIL, OPERATOR_ADDRESS). */
export interface OperatorSettings {
  operator: { name?: string | undefined; email?: string | undefined; address?: string | undefined };
}

export interface Bilingual {
  ja: string;
  en: string;
}

export interface Section {
  heading: Bilingual;
  paragraphs?: Bilingual[];
  items?: Bilingual[];
}

export interface LegalDocument {
  version: string;
  title: Bilingual;
  intro: Bilingual;
  sections: Section[];
}

/** How long access logs and the app's logs are kept (CloudWatch retention in infra/constructs). */
export const LOG_RETENTION_DAYS = 30;

/** The operator as the texts name them: what is set, or a note that it is not set yet. */
export function operatorOf(config: OperatorSettings): { name: Bilingual; contact: Bilingual } {
  const { name, email, address } = config.operator;
  const unset = {
    ja: '（運営者が設定していません。OPERATOR_NAME などで設定してください）',
    en: '(not set by the operator yet: OPERATOR_NAME and the like)',
  };
  const contact = [email, address].filter((v): v is string => v !== undefined);
  return {
    name: name ? { ja: name, en: name } : unset,
    contact: contact.length > 0 ? { ja: contact.join(' / '), en: contact.join(' / ') } : unset,
  };
}
