import { InputNumber, type InputNumberProps } from 'antd';
import { minorDigits } from '../format.ts';
import { useMe } from '../session.tsx';

/**
 * An amount in the business currency as people write it: major units with the currency's decimals (none for JPY),
 * labelled by its placeholder. The caller converts with toMinor; the form passes value and onChange through.
 */
export function MoneyInput({ label, ...rest }: InputNumberProps<number> & { label: string }) {
  const currency = useMe().tenant.currency;
  return (
    <InputNumber<number>
      min={0}
      precision={minorDigits(currency)}
      style={{ width: '100%' }}
      placeholder={label}
      aria-label={label}
      {...rest}
    />
  );
}
