import { raw } from 'hono/html';
import { paths } from '../shared/paths.ts';
import {
  Button,
  ErrorSummary,
  PostForm,
  SummaryList,
  Tag,
  Textarea,
  TextInput,
} from '../shared/ui/components.tsx';
import { type AdminContext, Page } from '../shared/ui/layout.tsx';
import type { CatalogueItem, CatalogueMessage, Topic } from './catalogue.model.ts';
import { DueMark, metadataRows } from './catalogue.views.tsx';

/** Back-office pages around publishing: the WeChat export, the 公示栏, the 索引号 settings, 互动 messages. */

export function WechatPage(props: { ctx: AdminContext; item: CatalogueItem; html: string }) {
  return (
    <Page title={`微信公众号文章：${props.item.title}`} {...props.ctx}>
      <a href={paths.catalogue.item({ itemId: props.item.id })} class="gk-back-link">
        返回
      </a>
      <h1>导出为微信公众号文章</h1>
      <p>
        下方为预览；复制“文章
        HTML”框中的内容，粘贴到公众号编辑器（源码模式）即可，样式均已内联，图片使用完整网址。
      </p>
      <div class="gk-wechat-preview">{raw(props.html)}</div>
      <div class="gk-form-group">
        <label class="gk-label" for="wechat-html">
          文章 HTML
        </label>
        <textarea class="gk-textarea" id="wechat-html" rows={12} readonly>
          {props.html}
        </textarea>
      </div>
    </Page>
  );
}

export function NoticeSheetPage(props: {
  ctx: AdminContext;
  items: readonly CatalogueItem[];
  topics: readonly Topic[];
  today: string;
}) {
  return (
    <Page title="公示栏" {...props.ctx}>
      <div class="gk-notice-sheet">
        <h1>政府信息公开公示栏</h1>
        <p class="gk-secondary gk-no-print">使用浏览器的打印功能打印本页；每条信息单独成页。</p>
        {props.items.length === 0 ? <p>请在列表中选择要公示的已发布信息。</p> : null}
        {props.items.map((i) => (
          <section class="gk-notice-sheet__item">
            <h2>{i.title}</h2>
            <SummaryList
              rows={metadataRows(i, props.topics, props.today).filter((r) => r.key !== '名称')}
              hideEmpty
            />
            <div class="gk-richtext">{raw(i.bodyHtml)}</div>
          </section>
        ))}
      </div>
    </Page>
  );
}

export function SettingsPage(props: {
  ctx: AdminContext;
  /** The viewer's agency (null: no agency, no 索引号 pattern to set). */
  agencyName: string | null;
  /** Whether the viewer maintains the 主题分类 (system administrators). */
  topicAdmin: boolean;
  pattern: string;
  topics: readonly Topic[];
  error?: string | undefined;
}) {
  return (
    <Page title="索引号与主题分类" hasErrors={Boolean(props.error)} {...props.ctx}>
      <ErrorSummary errors={props.error ? { indexPattern: props.error } : undefined} />
      <h1>索引号与主题分类</h1>
      {props.agencyName !== null ? (
        <PostForm action={paths.catalogue.settings()} csrf={props.ctx.csrf}>
          <TextInput
            name="indexPattern"
            label={`${props.agencyName}的索引号格式`}
            value={props.pattern}
            error={props.error}
            hint="{code} 组织机构代码，{credit} 统一社会信用代码，{yyyy} 年份，{seq5} 五位流水号。已分配的索引号不会改变。"
          />
          <Button>保存</Button>
        </PostForm>
      ) : null}
      <h2>主题分类</h2>
      {props.topicAdmin ? (
        <p>
          <a href={paths.catalogue.topics()}>管理主题分类</a>（改名、停用或启用、添加分类）
        </p>
      ) : (
        <p>主题分类由系统管理员维护（各地可增加本地分类，例如“民政、乡村振兴、救灾”）。</p>
      )}
      <ul class="gk-topics">
        {props.topics
          .filter((t) => t.parentId === null)
          .map((t) => (
            <li>
              {t.name}
              <span class="gk-secondary">
                ：
                {props.topics
                  .filter((c) => c.parentId === t.id)
                  .map((c) => c.name)
                  .join('、')}
              </span>
            </li>
          ))}
      </ul>
    </Page>
  );
}

export function MessagesPage(props: {
  ctx: AdminContext;
  messages: readonly CatalogueMessage[];
  today: string;
  canAnswer: boolean;
}) {
  return (
    <Page title="互动交流" {...props.ctx}>
      <h1>咨询与网民纠错</h1>
      {props.messages.length === 0 ? <p>暂无来信。</p> : null}
      {props.messages.map((m) => (
        <section class="gk-message">
          <h2>
            {m.kind === 'error_report' ? '网民纠错' : '咨询'} #{m.id}（{m.receivedOn}，{m.name}）
          </h2>
          <p>{m.body}</p>
          {m.answer ? (
            <p>
              答复（{m.answeredOn}）：{m.answer} {m.published ? <Tag tone="green">已公开</Tag> : null}
            </p>
          ) : (
            <>
              {m.dueOn ? (
                <p>
                  答复期限：
                  <DueMark due={m.dueOn} today={props.today} />
                </p>
              ) : null}
              {props.canAnswer ? (
                <PostForm action={paths.catalogue.answer({ messageId: m.id })} csrf={props.ctx.csrf}>
                  <Textarea name="answer" id={`answer-${m.id}`} label="答复内容" rows={3} />
                  {m.kind === 'question' ? (
                    <div class="gk-checkboxes__item">
                      <input
                        class="gk-checkboxes__input"
                        type="checkbox"
                        id={`publish-${m.id}`}
                        name="publish"
                        value="1"
                      />
                      <label class="gk-checkboxes__label" for={`publish-${m.id}`}>
                        公开问答
                      </label>
                    </div>
                  ) : null}
                  <Button>提交答复</Button>
                </PostForm>
              ) : null}
            </>
          )}
        </section>
      ))}
    </Page>
  );
}
