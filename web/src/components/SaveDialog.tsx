import { Modal } from 'antd';
import { type ReactNode, useRef } from 'react';
import { useTranslation } from 'react-i18next';

/** Puts focus on a dialog's first field (or the one marked data-autofocus), not on antd's invisible wrapper. */
export function focusFirstField(root: HTMLElement | null) {
  const el = root?.querySelector<HTMLElement>(
    '[data-autofocus], input:not([type=hidden]):not([disabled]):not([tabindex="-1"]), textarea:not([disabled]), button:not([disabled]):not(.ant-modal-close)',
  );
  el?.focus();
}

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
  const body = useRef<HTMLDivElement>(null);
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
      afterOpenChange={(open) => open && focusFirstField(body.current)}
      destroyOnHidden
    >
      <div ref={body}>{props.children}</div>
    </Modal>
  );
}
