import type { Child } from 'hono/jsx';
import type { News, Platform } from '#domain';
import { Form, type FormErrors, type FormValues, TextArea, TextField } from '../forms';
import { Bi, Notice } from '../layout';
import { render } from '../view';
import { AdminPage, adminBase, type C, date, type FailureStatus } from './frame';

// News and events for the weekly digest: the form and what was posted lately.

const NEWS_KIND: Record<News['kind'], Child> = {
  news: <Bi ja="お知らせ" en="News" />,
  event: <Bi ja="イベント" en="Event" />,
};

export async function newsPage(
  c: C,
  platform: Platform,
  form: { values: FormValues; errors: FormErrors; status: FailureStatus } = {
    values: { kind: 'news' },
    errors: {},
    status: 400,
  },
): Promise<Response> {
  const failed = Object.keys(form.errors).length > 0;
  const recent = await c.var.ctx.store.news.list(platform.id, { limit: 20 });
  const base = adminBase(platform.id);
  return render(
    c,
    <AdminPage platform={platform} ja="お知らせ・イベント" en="News and events">
      {c.req.query('done') === 'posted' && !failed ? (
        <Notice>
          <Bi
            ja="掲載しました。次の週のダイジェストでお知らせします。"
            en="Posted: it goes out in the next digest."
          />
        </Notice>
      ) : null}
      <p>
        <Bi
          ja="ここに掲載したお知らせやイベントは、会員あての週1回のダイジェストメールに載ります。"
          en="News and events posted here go out in the weekly digest to members."
        />
      </p>
      <h2>
        <Bi ja="新しく掲載する" en="Post news or an event" />
      </h2>
      <Form action={`${base}/news`} values={form.values} errors={form.errors}>
        <NewsKindChoice value={typeof form.values.kind === 'string' ? form.values.kind : 'news'} />
        <TextField name="title" ja="タイトル" en="Title" required maxlength={120} />
        <TextArea name="body" ja="本文" en="Text" rows={6} maxlength={2000} />
        <TextField
          name="url"
          ja="詳しい情報のURL"
          en="Link"
          inputmode="url"
          maxlength={500}
          hint={
            <Bi
              ja="例: example.org/event（https:// は省略できます）。"
              en="For example example.org/event; https:// may be left out."
            />
          }
        />
        <TextField
          name="eventDate"
          ja="開催日"
          en="Event date"
          type="date"
          size="short"
          hint={<Bi ja="イベントの場合は必須です。" en="Required for events." />}
        />
        <p>
          <button type="submit">
            <Bi ja="掲載する" en="Post" />
          </button>
        </p>
      </Form>

      <h2>
        <Bi ja="最近のお知らせ" en="Recent news" />
      </h2>
      {recent.items.length === 0 ? (
        <p>
          <Bi ja="まだ掲載はありません。" en="Nothing posted yet." />
        </p>
      ) : (
        <ul class="cards">
          {recent.items.map((item) => (
            <li class="card">
              <p class="note">
                <span class="badge">{NEWS_KIND[item.kind]}</span> ・ 掲載 {date(item.createdAt)}
                {item.eventDate ? ` ・ 開催日 ${item.eventDate}` : ''}
              </p>
              <h3>{item.title}</h3>
              {item.body ? <p class="pre-line">{item.body}</p> : null}
              {item.url ? (
                <p>
                  <a href={item.url} rel="noopener noreferrer">
                    {item.url}
                  </a>
                </p>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </AdminPage>,
    failed ? form.status : 200,
  );
}

/** News or event, as two radios (the kit's ChoiceGroup is for several values). */
function NewsKindChoice({ value }: { value: string }) {
  return (
    <fieldset class="field">
      <legend>
        <Bi ja="種類" en="Kind" />
      </legend>
      <div class="choices">
        {(['news', 'event'] as const).map((kind) => (
          <label class="choice" for={`f-kind-${kind}`}>
            <input id={`f-kind-${kind}`} type="radio" name="kind" value={kind} checked={value === kind} />{' '}
            {NEWS_KIND[kind]}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
