import type { AppContext } from '#context';
import type {
  Addressee,
  DigestWeek,
  Language,
  Match,
  Need,
  News,
  Offer,
  Organization,
  Platform,
  selectDigest,
} from '#domain';
import { placeLabel } from '#domain';
import {
  type DigestMailInput,
  type DigestMatch,
  type DigestPosting,
  digestMail,
  linkUrls,
  platformSender,
  unsubscribeHeaders,
} from '#mail';

// One reader's digest mail (shared/batch/digest.ts plans whom and what): their week's postings,
// open introductions and news, with the platform's sender and the RFC 8058 unsubscribe headers.

/**
 * Who reads a digest: a member person (personId: their unsubscribe link turns this platform's
 * digest off), or the confirmed contact address of a member without people (registered by hand
 * by the secretariat: its link stops digests to that address).
 */
export interface DigestReader {
  email: string;
  language: Language;
  personId?: string | undefined;
}

export function digestRenderer(
  ctx: AppContext,
  platform: Platform,
  period: DigestWeek,
  known: { needsById: Map<string, Need>; offersById: Map<string, Offer>; orgs: Map<string, Organization> },
) {
  const urls = linkUrls(ctx.config.appUrl, ctx.config.secret);
  const orgName = (id: string) => known.orgs.get(id)?.name ?? '';
  return (
    reader: DigestReader,
    addressee: Addressee,
    selection: NonNullable<ReturnType<typeof selectDigest>>,
    news: readonly News[],
  ) => {
    const lang = reader.language;
    const needPosting = (n: Need): DigestPosting => ({
      relevance: selection.relevance.get(n.id),
      kind: n.kind,
      title: n.title,
      organizationName: orgName(n.organizationId),
      place: placeLabel(n, lang),
      url: urls.need(n.id),
    });
    const offerPosting = (o: Offer): DigestPosting => ({
      relevance: selection.relevance.get(o.id),
      kind: o.kind,
      title: o.title,
      organizationName: orgName(o.organizationId),
      place: placeLabel(o, lang, 3),
      url: urls.offer(o.id),
      ...(o.openCall ? { openCallDeadline: o.openCall.deadline } : {}),
    });
    const matchEntry = ({ match, side }: { match: Match; side: 'need' | 'offer' }): DigestMatch[] => {
      const need = match.needId ? known.needsById.get(match.needId) : undefined;
      const offer = match.offerId ? known.offersById.get(match.offerId) : undefined;
      const [own, other] = side === 'need' ? [need, offer] : [offer, need];
      const otherOrg = side === 'need' ? match.offerOrganizationId : match.needOrganizationId;
      // Listed for the side asked to answer: it has its posting; the other may have none.
      if (!own) return [];
      return [
        {
          own: { kind: own.kind, title: own.title },
          other: {
            kind: other?.kind ?? match.kind,
            ...(other ? { title: other.title } : {}),
            organizationName: orgName(otherOrg),
          },
          respondBy: match.respondBy,
          url: urls.match(match.id),
        },
      ];
    };
    // A person turns off this platform's digest; a contact address stops digests to itself.
    const unsubscribeUrl = urls.unsubscribe(
      reader.personId
        ? { a: 'digest-off', p: reader.personId, pl: platform.id }
        : { a: 'unsubscribe', e: reader.email, c: 'digest' },
    );
    const input: DigestMailInput = {
      to: reader.email,
      lang,
      platform: { name: platform.name, nameEn: platform.nameEn, contact: platform.contact },
      preferencesUrl: urls.preferences(),
      unsubscribeUrl,
      contactOnly: reader.personId === undefined,
      addressee,
      languageUrl: urls.language(reader.email, lang === 'en' ? 'ja' : 'en'),
      week: { start: period.start, end: period.end, label: weekLabel(period, lang) },
      pendingMatches: selection.pendingMatches.flatMap(matchEntry),
      newNeeds: selection.newNeeds.map(needPosting),
      newOffers: selection.newOffers.map(offerPosting),
      moreNeeds: selection.moreNeeds,
      moreOffers: selection.moreOffers,
      news: news.map((n) => ({
        kind: n.kind,
        title: n.title,
        body: n.body,
        url: n.url,
        eventDate: n.eventDate,
      })),
      needsUrl: urls.needs(platform.id),
      offersUrl: urls.offers(platform.id),
    };
    const mail = digestMail(input);
    return {
      ...mail,
      ...platformSender(input),
      headers: { ...mail.headers, ...unsubscribeHeaders(unsubscribeUrl) },
    };
  };
}

function weekLabel(period: DigestWeek, lang: 'ja' | 'en'): string {
  const [, sm, sd] = period.start.split('-').map(Number);
  const [, em, ed] = period.end.split('-').map(Number);
  return lang === 'ja' ? `${sm}月${sd}日〜${em}月${ed}日の週` : `Week of ${period.start} to ${period.end}`;
}
