import { Modal } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** A dialog that saves something: Save / Cancel in the user's language, a spinner while saving, fresh on each open. */
export function SaveDialog(props: {
  open?: boolean;
  title: ReactNode;
  busy?: boolean;
  width?: number;
  okText?: string;
  onOk: () => unknown;
  onCancel: () => void;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Modal
      open={props.open ?? true}
      title={props.title}
      width={props.width}
      okText={props.okText ?? t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={props.busy}
      onOk={props.onOk}
      onCancel={props.onCancel}
      destroyOnHidden
    >
      {props.children}
    </Modal>
  );
}
