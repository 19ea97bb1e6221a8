import { GetAccountCommand, GetEmailIdentityCommand, SESv2Client } from '@aws-sdk/client-sesv2';

// `npm run platform -- create` against AWS: will the secretariat's first sign-in mail go out?
// Before the sender identity is verified SES refuses every send, and in the sandbox it refuses
// every recipient that is not a verified identity itself. Neither is an error of the command (the
// platform and the role are stored either way), so each becomes a warning that says what to do.
// sesWarnings is pure; readSes asks SES (GetAccount, GetEmailIdentity: read-only).

/** What SES knows about an identity; `missing` = no such identity in the region. */
export type IdentityFacts =
  | 'missing'
  | { verified: boolean; dkimStatus?: string | undefined; mailFromStatus?: string | undefined };

export interface SesFacts {
  region: string;
  /** MAIL_FROM's address, as the app sends from it. */
  fromAddress: string;
  /** Each identity looked up (the From address, its domain, the recipients and their domains). */
  identities: Record<string, IdentityFacts>;
  /** Production access; undefined when SES would not say (e.g. no ses:GetAccount permission). */
  productionAccess: boolean | undefined;
}

/** The identities worth looking up: the sender's address and domain, each recipient's and domain. */
export function identitiesToCheck(fromAddress: string, recipients: readonly string[]): string[] {
  return [...new Set([fromAddress, ...recipients].flatMap((a) => [a.toLowerCase(), domainOf(a)]))];
}

/** The warnings for the facts SES gave; none when the first sign-in mail can go out. */
export function sesWarnings(facts: SesFacts, recipients: readonly string[]): string[] {
  const warnings: string[] = [];
  const facts_ = (name: string): IdentityFacts => facts.identities[name.toLowerCase()] ?? 'missing';
  // SES sends as the address's own identity when there is one, else as its domain's.
  const verifiedBy = (address: string): string | undefined =>
    [address.toLowerCase(), domainOf(address)].find((name) => {
      const f = facts_(name);
      return f !== 'missing' && f.verified;
    });

  const fromDomain = domainOf(facts.fromAddress);
  const sender = [facts.fromAddress.toLowerCase(), fromDomain].find((n) => facts_(n) !== 'missing');
  if (sender === undefined) {
    warnings.push(
      `warning: neither ${fromDomain} nor ${facts.fromAddress} is an SES identity in ${facts.region}: ` +
        'no mail can be sent. Set MAIL_FROM to the stack’s MailFrom output, or create the identity ' +
        '(docs/deploy.md, “The sending domain”).',
    );
  } else if (!verifiedBy(facts.fromAddress)) {
    const f = facts_(sender) as Exclude<IdentityFacts, 'missing'>;
    warnings.push(
      `warning: the SES identity ${sender} is not verified for sending yet (DKIM ${f.dkimStatus ?? 'unknown'}): ` +
        'SES refuses every mail from it until it is, the sign-in link included. Check with ' +
        `aws sesv2 get-email-identity --email-identity ${sender} --query VerifiedForSendingStatus`,
    );
  } else {
    const f = facts_(sender) as Exclude<IdentityFacts, 'missing'>;
    if (f.mailFromStatus !== undefined && f.mailFromStatus !== 'SUCCESS') {
      warnings.push(
        `note: the custom MAIL FROM domain of ${sender} is ${f.mailFromStatus}: mail goes out, but SPF ` +
          'is not aligned with the From domain until its MX and TXT records are found (docs/deploy.md).',
      );
    }
  }

  if (facts.productionAccess === false) {
    const unverified = recipients.filter((r) => !verifiedBy(r));
    if (unverified.length > 0) {
      warnings.push(
        `warning: the SES account is in the sandbox in ${facts.region}, and ${unverified.join(', ')} ` +
          `${unverified.length === 1 ? 'is not a verified identity' : 'are not verified identities'}: ` +
          'SES refuses their sign-in mail. Verify each (aws sesv2 create-email-identity --email-identity ' +
          '<address>, then click the link AWS mails), add it to -c sandboxRecipients and deploy again, ' +
          'or ask for production access (docs/deploy.md, “The SES sandbox”).',
      );
    }
  }
  return warnings;
}

/** Asks SES in `region` about the account and each identity. Throws what the SDK throws. */
export async function readSes(
  region: string,
  fromAddress: string,
  recipients: readonly string[],
): Promise<SesFacts> {
  const ses = new SESv2Client({ region });
  try {
    const identities: Record<string, IdentityFacts> = {};
    for (const name of identitiesToCheck(fromAddress, recipients)) {
      try {
        const r = await ses.send(new GetEmailIdentityCommand({ EmailIdentity: name }));
        identities[name] = {
          verified: r.VerifiedForSendingStatus === true,
          dkimStatus: r.DkimAttributes?.Status,
          mailFromStatus: r.MailFromAttributes?.MailFromDomain
            ? r.MailFromAttributes.MailFromDomainStatus
            : undefined,
        };
      } catch (error) {
        if ((error as Error).name !== 'NotFoundException') throw error;
        identities[name] = 'missing';
      }
    }
    let productionAccess: boolean | undefined;
    try {
      productionAccess = (await ses.send(new GetAccountCommand({}))).ProductionAccessEnabled;
    } catch {
      productionAccess = undefined;
    }
    return { region, fromAddress, identities, productionAccess };
  } finally {
    ses.destroy();
  }
}

/** The address in `Name <a@b>` or a bare `a@b`. */
export function addressOf(mailFrom: string): string {
  return (/<([^<>]+)>\s*$/.exec(mailFrom)?.[1] ?? mailFrom).trim();
}

function domainOf(address: string): string {
  return (address.split('@')[1] ?? address).toLowerCase();
}
