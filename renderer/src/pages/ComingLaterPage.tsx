// A section of the sidebar whose screens are not built yet: says so plainly instead of showing an empty page.
import { Card, Result, Typography } from 'antd';

export function ComingLaterPage({ title, what }: { title: string; what: string }) {
  return (
    <>
      <Typography.Title level={3} className="page-title">
        {title}
      </Typography.Title>
      <Card>
        <Result
          status="info"
          title="Phần này chưa có trong phiên bản hiện tại"
          subTitle={`Tại đây sẽ có ${what}. Hồ sơ chi bộ và đảng viên đã dùng được ở các mục bên trái.`}
        />
      </Card>
    </>
  );
}
