import type { Child } from 'hono/jsx';
import { introductionStats, type Platform } from '#domain';
import { ActionButton } from '../forms';
import { Bi, Notice } from '../layout';
import { render } from '../view';
import { AdminPage, adminBase, type C, countParam, dateTime, type FailureStatus, n } from './frame';

// The dashboard: counts, the last round, and the "run now" buttons (a round, the digest).

function roundNotice(c: C): Child {
  const done = c.req.query('done');
  if (done === 'round-skipped') {
    return (
      <Notice>
        <Bi
          ja="前回のラウンドから新しいニーズ・申し出や変更がなかったため、新しいご提案はありません。"
          en="Nothing changed since the last round, so there are no new introductions."
        />
      </Notice>
    );
  }
  if (done === 'round') {
    const written = countParam(c, 'written') ?? 0;
    const proposals = countParam(c, 'proposals') ?? written;
    const earlier = Math.max(0, proposals - written);
    return (
      <Notice>
        <Bi
          ja={`マッチングを実行し、${n(written)}件のご提案を作成しました。${earlier > 0 ? `（${n(earlier)}件は本日すでに提案済みです）` : ''}両方の団体にメールでお知らせします。`}
          en={`The round made ${written} new introduction${written === 1 ? '' : 's'}${earlier > 0 ? ` (${earlier} already proposed today)` : ''}. Both organisations are told by email.`}
        />
      </Notice>
    );
  }
  if (done === 'digest') {
    const planned = countParam(c, 'planned') ?? 0;
    const already = countParam(c, 'already') ?? 0;
    return (
      <Notice>
        <Bi
          ja={`今週のダイジェストを${n(planned)}通送ります。${already > 0 ? `（${n(already)}通は今週すでに送信済みです）` : ''}`}
          en={`${planned} digest mail${planned === 1 ? '' : 's'} will be sent this week${already > 0 ? ` (${already} already sent)` : ''}.`}
        />
      </Notice>
    );
  }
  return null;
}

export async function dashboard(
  c: C,
  platform: Platform,
  failure?: { message: string; status: FailureStatus },
): Promise<Response> {
  const { store } = c.var.ctx;
  const [pending, approved, openNeeds, openOffers, lastRound, pairs] = await Promise.all([
    store.memberships.organizationsWithStatus(platform.id, 'pending'),
    store.memberships.organizationsWithStatus(platform.id, 'approved'),
    store.needs.openOf(platform.id),
    store.offers.openOf(platform.id),
    store.matches.latestRound(platform.id),
    store.matches.pairsOf(platform.id),
  ]);
  const { total } = introductionStats(pairs, []);
  const base = adminBase(platform.id);
  return render(
    c,
    <AdminPage platform={platform} ja="事務局ダッシュボード" en="Secretariat dashboard">
      {failure ? <Notice kind="error">{failure.message}</Notice> : roundNotice(c)}
      <ul class="stats">
        <StatItem value={pending.length} ja="承認待ちの申請" en="Applications" href={`${base}/memberships`} />
        <StatItem value={approved.length} ja="会員団体" en="Members" />
        <StatItem value={openNeeds.length} ja="受付中のニーズ" en="Open needs" />
        <StatItem value={openOffers.length} ja="受付中の申し出" en="Open offers" />
        <StatItem value={total.proposals} ja="ご提案（累計）" en="Introductions" href={`${base}/stats`} />
        <StatItem value={total.status.connected} ja="つながった件数" en="Connected" />
        <StatItem value={total.collaboration.formed} ja="連携が成立" en="Collaborations" />
      </ul>

      <h2>
        <Bi ja="マッチング" en="Matching" />
      </h2>
      {lastRound ? (
        <dl class="facts">
          <dt>
            <Bi ja="前回の実行" en="Last round" />
          </dt>
          <dd>{dateTime(lastRound.startedAt)}</dd>
          <dt>
            <Bi ja="対象" en="Considered" />
          </dt>
          <dd>
            ニーズ {n(lastRound.needs)}件・申し出 {n(lastRound.offers)}件
          </dd>
          <dt>
            <Bi ja="ご提案" en="Introductions" />
          </dt>
          <dd>
            {lastRound.skipped ? (
              <Bi ja="変更がなかったため実行しませんでした" en="Skipped: nothing changed" />
            ) : (
              <>
                {n(lastRound.proposals)}件（新規 {n(lastRound.written)}件）
              </>
            )}
          </dd>
        </dl>
      ) : (
        <p>
          <Bi ja="まだマッチングは実行されていません。" en="No round has run yet." />
        </p>
      )}
      <p class="hint">
        <Bi
          ja="マッチングは毎日自動で実行されます。新しいニーズや申し出をすぐに提案したいときは、今すぐ実行できます。"
          en="A round runs every day; run one now to propose new needs and offers straight away."
        />
      </p>
      <div class="actions">
        <ActionButton
          action={`${base}/round`}
          label={<Bi ja="マッチングを今すぐ実行" en="Run a round now" />}
          confirm={{
            ja: 'マッチングを今すぐ実行し、ご提案のメールを送ります。よろしいですか？',
            en: 'Run a round now and send the proposal mails?',
          }}
        />
        <ActionButton
          action={`${base}/digest`}
          kind="secondary"
          label={<Bi ja="今週のダイジェストを今すぐ送る" en="Send this week's digest now" />}
          confirm={{
            ja: '今週のダイジェストを会員に送ります。よろしいですか？',
            en: "Send this week's digest to the members now?",
          }}
        />
      </div>

      <h2>
        <Bi ja="事務局のメニュー" en="Secretariat pages" />
      </h2>
      <ul>
        <li>
          <a href={`${base}/memberships`}>
            <Bi ja="参加申請の承認・会員区分の変更" en="Applications and members" />
          </a>
        </li>
        <li>
          <a href={`${base}/news`}>
            <Bi ja="お知らせ・イベントの掲載" en="News and events" />
          </a>
        </li>
        <li>
          <a href={`${base}/stats`}>
            <Bi ja="つながりの統計（分野別・地域別・種類別）" en="Statistics by field, region and type" />
          </a>
        </li>
        <li>
          <a href={`${base}/export.csv`} download>
            <Bi ja="ご提案の一覧をCSVでダウンロード" en="Download introductions (CSV)" />
          </a>
        </li>
      </ul>
    </AdminPage>,
    failure?.status ?? 200,
  );
}

function StatItem(props: { value: number; ja: string; en: string; href?: string }) {
  const label = <Bi ja={props.ja} en={props.en} />;
  return (
    <li>
      <strong>{n(props.value)}</strong>
      {props.href ? <a href={props.href}>{label}</a> : label}
    </li>
  );
}
