import { CalendarOutlined, ClockCircleOutlined, SwapRightOutlined } from '@ant-design/icons';

/**
 * antd's picker icons carry English accessible names ("calendar", "swap-right") that a screen reader reads on a
 * Chinese or Japanese screen; they are decoration, so they are hidden from it.
 */
export const DATE_ICONS = { suffixIcon: <CalendarOutlined aria-hidden /> };
export const TIME_ICONS = { suffixIcon: <ClockCircleOutlined aria-hidden /> };
export const RANGE_ICONS = { ...DATE_ICONS, separator: <SwapRightOutlined aria-hidden /> };
