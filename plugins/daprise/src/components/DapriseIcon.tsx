import SvgIcon, { type SvgIconProps } from '@material-ui/core/SvgIcon';

/**
 * The Daprise icon: three hops joined in a row, like a route map.
 * @public
 */
export function DapriseIcon(props: SvgIconProps) {
  return (
    <SvgIcon {...props}>
      <path d="M2 9h5v6H2zM9.5 9h5v6h-5zM17 9h5v6h-5zM7 11.25h2.5v1.5H7zM14.5 11.25H17v1.5h-2.5z" />
    </SvgIcon>
  );
}
