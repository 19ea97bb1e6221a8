import type { Addressee, Kind, MatchOrigin, PlatformContact } from '#domain';

// What each mail template needs, as plain data. Callers (shared/batch) gather it; templates only
// render. Every mail names its platform, says why the person receives it and links to the
// preferences page; bulk mails also carry an unsubscribe link (and the RFC 8058 headers, which
// the caller adds).

export type Lang = 'ja' | 'en';
export type Side = 'need' | 'offer';

export interface MailFrame {
  to: string;
  /**
   * Who the mail greets (salutation in shared/domain): the recipient's name when known, and the
   * organisation the mail is about, theirs.
   */
  addressee: Addressee;
  /** The reader's language: the mail (subject, HTML and text) is written in it alone. */
  lang: Lang;
  /** The platform; its secretariat's contact ends the mail (and names its From and Reply-To). */
  platform: { name: string; nameEn?: string | undefined; contact?: PlatformContact | undefined };
  preferencesUrl: string;
  /** Present on bulk mails (digest, introductions); absent on the sign-in mail. */
  unsubscribeUrl?: string | undefined;
  /** Switches the reader to the other language (a signed link to a page with one button). */
  languageUrl?: string | undefined;
  /**
   * The organisation whose mail this is, when it goes to one of its owners because its contact
   * address is not confirmed yet (the footer says so).
   */
  ownerOf?: string | undefined;
  /**
   * The reader is the confirmed contact address of a member without people (registered by hand
   * by the secretariat): there is no account or preferences page for it, only the unsubscribe link.
   */
  contactOnly?: boolean | undefined;
}

export interface PostingRef {
  kind: Kind;
  title: string;
}

/** The other side: its posting, or only its organisation (関心がある sent without a posting). */
export interface OtherPosting {
  kind: Kind;
  /** Absent when the other organisation wrote without a posting of its own. */
  title?: string | undefined;
  organizationName: string;
  /** The first lines of the description, already shortened. */
  summary?: string | undefined;
}

/** A round proposed an introduction: no contact details of the other side. */
export interface ProposalMailInput extends MailFrame {
  side: Side;
  own: PostingRef;
  other: OtherPosting;
  /** Who started it: the wording differs (a round proposes, a member asks, the secretariat introduces). */
  origin: MatchOrigin;
  /** The engine's reasons; absent when a person paired postings the engine would not pair. */
  explanation?: { ja: string; en: string } | undefined;
  /** The note of whoever started it, quoted as written. */
  message?: { from: 'need' | 'offer' | 'secretariat'; text: string } | undefined;
  /** ISO date-time; shown as a Tokyo date. */
  respondBy: string;
  acceptUrl: string;
  declineUrl: string;
  matchUrl: string;
}

/**
 * An open call's applicant (the need side): the receipt of its application, or, once, that it
 * was not selected. Never the offering organisation's contact.
 */
export interface OpenCallMailInput extends MailFrame {
  event: 'received' | 'not-selected';
  own: PostingRef;
  other: OtherPosting & { title: string };
  /** ISO date-time: the end of the selection period (received mail only). */
  respondBy: string;
  matchUrl: string;
}

/** Sent once, a few days before an unanswered proposal expires. */
export interface ReminderMailInput extends ProposalMailInput {
  /** The other side has accepted already (only then is it said). */
  otherAccepted: boolean;
}

/** Both accepted: each side receives the other's contact person and email. */
export interface ConnectedMailInput extends MailFrame {
  side: Side;
  /** Absent for the organisation that wrote without a posting of its own. */
  own?: PostingRef | undefined;
  other: OtherPosting;
  /** Their contact person; without a name (an owner who gave none) they are ご担当者様. */
  contact: {
    organizationName: string;
    name?: string | undefined;
    email: string;
    website?: string | undefined;
  };
  matchUrl: string;
}

export type Outcome = 'formed' | 'not_formed' | 'in_progress';

/** Some weeks after connecting: did a collaboration come of it? One link per answer. */
export interface FollowUpMailInput extends MailFrame {
  side: Side;
  own?: PostingRef | undefined;
  other: OtherPosting;
  connectedAt: string;
  outcomeUrls: Record<Outcome, string>;
}

export interface DigestPosting extends PostingRef {
  organizationName: string;
  /** Prefecture / municipality label, e.g. 埼玉県川口市. */
  place: string;
  url: string;
  /** Near the reader's organisations' work (their profiles' fields / area): marked in the list. */
  relevance?: { field: boolean; area: boolean } | undefined;
  /** An open call (公募): its deadline, YYYY-MM-DD (Tokyo); marked 【公募・締切 M月D日】. */
  openCallDeadline?: string | undefined;
}

export interface DigestMatch {
  own: PostingRef;
  other: OtherPosting;
  respondBy: string;
  url: string;
}

export interface DigestNews {
  kind: 'news' | 'event';
  title: string;
  body: string;
  url?: string | undefined;
  /** Events only: YYYY-MM-DD (Tokyo). */
  eventDate?: string | undefined;
}

/** The weekly digest of one person on one platform. Callers never render an empty one. */
export interface DigestMailInput extends MailFrame {
  /** Tokyo dates YYYY-MM-DD of the digest week, Monday..Sunday. */
  week: { start: string; end: string; label: string };
  pendingMatches: DigestMatch[];
  newNeeds: DigestPosting[];
  newOffers: DigestPosting[];
  /** How many more new needs/offers matched than are listed. */
  moreNeeds: number;
  moreOffers: number;
  news: DigestNews[];
  /** Where the full lists are. */
  needsUrl: string;
  offersUrl: string;
}
