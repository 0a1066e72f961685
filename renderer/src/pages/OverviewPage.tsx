// Tổng quan: the ward at a glance, and its organisation tree from the database.
import { ApartmentOutlined, BankOutlined, FlagOutlined, TeamOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Col, Row, Statistic, Tag, Tree, Typography } from 'antd';
import type { DataNode } from 'antd/es/tree';
import type { OrganisationNode } from '../../../core/api';
import { api } from '../api';
import { formatNumber } from '../format';
import { BRANCH_KIND, NAV } from '../strings';

const KIND_ICON = { province: <FlagOutlined aria-hidden />, district: <BankOutlined aria-hidden />, ward: <BankOutlined aria-hidden />, branch: <ApartmentOutlined aria-hidden /> };

/** Flat rows (parents listed by id) to the nested tree antd draws, keeping the service's order. */
export function buildTree(nodes: OrganisationNode[]): DataNode[] {
  const children = new Map<string | null, OrganisationNode[]>();
  for (const node of nodes) {
    const list = children.get(node.parentId) ?? [];
    list.push(node);
    children.set(node.parentId, list);
  }
  const ids = new Set(nodes.map((n) => n.id));
  const toData = (node: OrganisationNode): DataNode => ({
    key: node.id,
    icon: KIND_ICON[node.kind],
    title: (
      <span>
        {node.name}
        {node.kind === 'branch' && (
          <>
            <span className="org-count">{formatNumber(node.memberCount)} đảng viên</span>
            {node.branchKind && (
              <Tag style={{ marginLeft: 8 }} bordered={false}>
                {BRANCH_KIND[node.branchKind]}
              </Tag>
            )}
            {node.dissolved && <Tag color="default">Đã giải thể</Tag>}
          </>
        )}
      </span>
    ),
    children: (children.get(node.id) ?? []).map(toData),
  });
  const roots = nodes.filter((n) => n.parentId === null || !ids.has(n.parentId));
  return roots.map(toData);
}

export function OverviewPage() {
  const tree = useQuery({ queryKey: ['organisations.tree'], queryFn: () => api.organisations.tree() });
  const branches = useQuery({ queryKey: ['branches.list'], queryFn: () => api.branches.list() });

  const totals = (branches.data ?? []).reduce(
    (sum, b) => ({
      members: sum.members + b.official + b.probationary,
      official: sum.official + b.official,
      probationary: sum.probationary + b.probationary,
      exempt: sum.exempt + b.exempt,
    }),
    { members: 0, official: 0, probationary: 0, exempt: 0 },
  );
  const expandedKeys = (tree.data ?? []).filter((n) => n.kind !== 'branch').map((n) => n.id);

  return (
    <>
      <Typography.Title level={3} className="page-title">
        {NAV.overview}
      </Typography.Title>
      <div className="page-subtitle">Tình hình tổ chức và đảng viên của đảng bộ.</div>
      {(tree.isError || branches.isError) && (
        <Alert type="error" showIcon style={{ marginBottom: 16 }} title={(tree.error ?? branches.error)?.message} />
      )}
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        <Col xs={12} lg={6}>
          <Card loading={branches.isPending}>
            <Statistic title="Chi bộ trực thuộc" value={branches.data?.filter((b) => !b.dissolved).length ?? 0} prefix={<ApartmentOutlined aria-hidden />} />
          </Card>
        </Col>
        <Col xs={12} lg={6}>
          <Card loading={branches.isPending}>
            <Statistic title="Đảng viên" value={totals.members} prefix={<TeamOutlined aria-hidden />} formatter={(v) => formatNumber(Number(v))} />
          </Card>
        </Col>
        <Col xs={12} lg={6}>
          <Card loading={branches.isPending}>
            <Statistic
              title="Chính thức / dự bị"
              value={`${formatNumber(totals.official)} / ${formatNumber(totals.probationary)}`}
            />
          </Card>
        </Col>
        <Col xs={12} lg={6}>
          <Card loading={branches.isPending}>
            <Statistic title="Miễn sinh hoạt" value={totals.exempt} formatter={(v) => formatNumber(Number(v))} />
          </Card>
        </Col>
      </Row>
      <Card title="Cây tổ chức" loading={tree.isPending}>
        {tree.data && (
          <Tree
            className="org-tree"
            showIcon
            showLine
            blockNode
            selectable={false}
            defaultExpandedKeys={expandedKeys}
            treeData={buildTree(tree.data)}
            aria-label="Cây tổ chức"
          />
        )}
      </Card>
    </>
  );
}
