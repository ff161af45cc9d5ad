import { paths } from '../shared/paths.ts';
import {
  Button,
  ErrorSummary,
  type FieldErrors,
  Notice,
  PostForm,
  Select,
  Tag,
  TextInput,
} from '../shared/ui/components.tsx';
import { type AdminContext, Page } from '../shared/ui/layout.tsx';
import { Table } from '../shared/ui/table.tsx';
import type { Topic } from './catalogue.model.ts';
import { TOPIC_NAME_MAX } from './taxonomy.ts';

function StateTag({ topic, parent }: { topic: Topic; parent: Topic | undefined }) {
  if (!topic.active) return <Tag tone="grey">已停用</Tag>;
  if (parent && !parent.active) return <Tag tone="grey">随上级停用</Tag>;
  return <Tag tone="green">启用</Tag>;
}

/** 主题分类 administration: every class with its state and use, and the form adding one. */
export function TopicsPage(props: {
  ctx: AdminContext;
  topics: readonly Topic[];
  used: ReadonlyMap<number, number>;
  values?: Record<string, string> | undefined;
  errors?: FieldErrors | undefined;
  notice?: string | undefined;
}) {
  const tops = props.topics.filter((t) => t.parentId === null);
  const e = props.errors ?? {};
  return (
    <Page title="主题分类" hasErrors={Object.keys(e).length > 0} {...props.ctx}>
      <a href={paths.catalogue.settings()} class="gk-back-link">
        返回索引号与主题分类
      </a>
      <ErrorSummary errors={props.errors} />
      {props.notice ? <Notice tone="success">{props.notice}</Notice> : null}
      <h1>主题分类</h1>
      <p>
        改名只改变显示的名称，已登记的信息仍属于原分类。停用的分类不再出现在登记表单和导入模板中，已使用它的信息照常显示，门户的分类筛选在仍有信息使用时也照常显示。
      </p>
      <h2>添加分类</h2>
      <PostForm action={paths.catalogue.topics()} csrf={props.ctx.csrf}>
        <Select
          name="parentId"
          label="上级分类"
          value={props.values?.parentId}
          error={e.parentId}
          options={tops.map((t) => ({ value: String(t.id), label: t.name }))}
          placeholder="（作为一级分类）"
        />
        <TextInput
          name="name"
          label="新分类名称"
          width="half"
          value={props.values?.name}
          error={e.name}
          hint={`不超过 ${TOPIC_NAME_MAX} 个字，同一上级分类下不能重名`}
        />
        <Button variant="secondary">添加分类</Button>
      </PostForm>
      <h2>全部分类</h2>
      <Table caption="主题分类列表" columns={['分类', '状态', '使用的信息']}>
        {tops.flatMap((t) => [
          <tr>
            <th scope="row">
              <a href={paths.catalogue.topic({ topicId: t.id })}>{t.name}</a>
            </th>
            <td>
              <StateTag topic={t} parent={undefined} />
            </td>
            <td>{props.used.get(t.id) ?? 0}</td>
          </tr>,
          ...props.topics
            .filter((c) => c.parentId === t.id)
            .map((c) => (
              <tr>
                <td class="gk-topic-child">
                  <a href={paths.catalogue.topic({ topicId: c.id })}>
                    <span class="gk-visually-hidden">{t.name}\</span>
                    {c.name}
                  </a>
                </td>
                <td>
                  <StateTag topic={c} parent={t} />
                </td>
                <td>{props.used.get(c.id) ?? 0}</td>
              </tr>
            )),
        ])}
      </Table>
    </Page>
  );
}

/** One class: rename it, switch it off or on, add a sub-class (top level only). */
export function TopicPage(props: {
  ctx: AdminContext;
  topic: Topic;
  parent: Topic | undefined;
  children: readonly Topic[];
  used: number;
  values?: Record<string, string> | undefined;
  errors?: FieldErrors | undefined;
  notice?: string | undefined;
}) {
  const t = props.topic;
  const e = props.errors ?? {};
  const label = props.parent ? `${props.parent.name}\\${t.name}` : t.name;
  return (
    <Page title={`主题分类：${label}`} hasErrors={Object.keys(e).length > 0} {...props.ctx}>
      <a href={paths.catalogue.topics()} class="gk-back-link">
        返回主题分类
      </a>
      <ErrorSummary errors={props.errors} />
      {props.notice ? <Notice tone="success">{props.notice}</Notice> : null}
      <span class="gk-caption">{props.parent ? `${props.parent.name} 的二级分类` : '一级分类'}</span>
      <h1>{t.name}</h1>
      <p>
        <StateTag topic={t} parent={props.parent} /> {props.used} 条信息使用该分类
      </p>
      <h2>改名</h2>
      <PostForm action={paths.catalogue.topic({ topicId: t.id })} csrf={props.ctx.csrf}>
        <TextInput
          name="name"
          label="分类名称"
          width="half"
          value={props.values?.name ?? t.name}
          error={e.name}
          hint="已登记的信息仍属于该分类，显示新的名称"
        />
        <Button>保存名称</Button>
      </PostForm>
      <h2>{t.active ? '停用' : '启用'}</h2>
      <PostForm action={paths.catalogue.topicActive({ topicId: t.id })} csrf={props.ctx.csrf}>
        <input type="hidden" name="active" value={t.active ? '0' : '1'} />
        <p>
          {t.active
            ? '停用后不能再为新信息选择该分类（一级分类停用时其下的二级分类一并不能选择）；已使用它的信息不变。'
            : '启用后可以再为信息选择该分类。'}
        </p>
        <Button variant={t.active ? 'warning' : 'secondary'}>{t.active ? '停用该分类' : '启用该分类'}</Button>
      </PostForm>
      {props.parent ? null : (
        <>
          <h2>二级分类</h2>
          <p>{props.children.length > 0 ? props.children.map((c) => c.name).join('、') : '暂无二级分类。'}</p>
          <PostForm action={paths.catalogue.topics()} csrf={props.ctx.csrf}>
            <input type="hidden" name="parentId" value={String(t.id)} />
            <input type="hidden" name="from" value="topic" />
            <TextInput
              name="name"
              id="childName"
              label="添加二级分类"
              width="half"
              value={props.values?.childName}
              error={e.childName}
            />
            <Button variant="secondary">添加</Button>
          </PostForm>
        </>
      )}
    </Page>
  );
}
