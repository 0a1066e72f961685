// The fields of a member's record, shared by "Thêm đảng viên" and "Sửa": what the national member app keeps.
import { Col, DatePicker, Form, Input, Radio, Row } from 'antd';
import type { Dayjs } from 'dayjs';
import type { Input as ApiInput, MemberDetail } from '../../../core/api';
import { DATE_INPUT, fromApiDate, notFuture, toApiDate } from '../forms';
import { GENDER } from '../strings';
import { MEMBER_FIELD } from './strings';

export interface MemberFormValues {
  fullName: string;
  gender: 'male' | 'female';
  birthDate: Dayjs | null;
  admissionDate: Dayjs | null;
  officialDate: Dayjs | null;
  cardNumber?: string | null;
  citizenId?: string | null;
  phone?: string | null;
}

type MemberFieldsInput = Omit<ApiInput<'members.create'>, 'branchId'>;

export function toMemberInput(values: MemberFormValues): MemberFieldsInput {
  return {
    fullName: values.fullName ?? '',
    gender: values.gender,
    birthDate: toApiDate(values.birthDate) ?? '',
    admissionDate: toApiDate(values.admissionDate) ?? '',
    officialDate: toApiDate(values.officialDate),
    cardNumber: values.cardNumber ?? '',
    citizenId: values.citizenId ?? '',
    phone: values.phone ?? '',
  };
}

export function memberFormValues(member: MemberDetail): MemberFormValues {
  return {
    fullName: member.fullName,
    gender: member.gender,
    birthDate: fromApiDate(member.birthDate),
    admissionDate: fromApiDate(member.admissionDate),
    officialDate: fromApiDate(member.officialDate),
    cardNumber: member.cardNumber ?? '',
    citizenId: member.citizenId ?? '',
    phone: member.phone ?? '',
  };
}

const dateRules = (what: string) => [{ required: true, message: `Hãy nhập ${what}.` }];

export function MemberFields() {
  return (
    <>
      <Form.Item label={MEMBER_FIELD.fullName} name="fullName" rules={[{ required: true, whitespace: true, message: 'Hãy nhập họ và tên.' }]}>
        <Input maxLength={200} placeholder="Ví dụ: Nguyễn Thị Hồng Nhung" autoComplete="off" />
      </Form.Item>
      <Row gutter={16}>
        <Col span={12}>
          <Form.Item label={MEMBER_FIELD.gender} name="gender" rules={[{ required: true, message: 'Hãy chọn giới tính.' }]}>
            <Radio.Group options={(['male', 'female'] as const).map((g) => ({ value: g, label: GENDER[g] }))} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item label={MEMBER_FIELD.birthDate} name="birthDate" rules={dateRules('ngày sinh')}>
            <DatePicker format={DATE_INPUT} placeholder="dd/mm/yyyy" disabledDate={notFuture} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={16}>
        <Col span={12}>
          <Form.Item label={MEMBER_FIELD.admissionDate} name="admissionDate" rules={dateRules('ngày vào Đảng')}>
            <DatePicker format={DATE_INPUT} placeholder="dd/mm/yyyy" disabledDate={notFuture} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item label={MEMBER_FIELD.officialDate} name="officialDate" extra="Để trống khi còn là đảng viên dự bị.">
            <DatePicker format={DATE_INPUT} placeholder="dd/mm/yyyy" disabledDate={notFuture} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={16}>
        <Col span={12}>
          <Form.Item label={MEMBER_FIELD.cardNumber} name="cardNumber">
            <Input maxLength={20} placeholder="Ví dụ: 01.123456" autoComplete="off" />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item
            label={MEMBER_FIELD.citizenId}
            name="citizenId"
            rules={[{ pattern: /^\s*(\d{12})?\s*$/, message: 'Số CCCD phải có đúng 12 chữ số.' }]}
          >
            <Input maxLength={12} inputMode="numeric" placeholder="12 chữ số" autoComplete="off" />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item label={MEMBER_FIELD.phone} name="phone">
        <Input maxLength={20} inputMode="tel" placeholder="Ví dụ: 0912 345 678" autoComplete="off" style={{ maxWidth: 260 }} />
      </Form.Item>
    </>
  );
}
