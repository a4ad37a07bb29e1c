import { Fragment } from 'react';

/** Text whose `backticked` parts are shown as code (rule messages and remediations use them). */
export function InlineCode(props: { text: string }) {
  const parts = props.text.split('`');
  // An even number of parts means the last backtick has no partner: keep it as text.
  const unpaired = parts.length % 2 === 0;
  return (
    <>
      {parts.map((part, index) => {
        const isLast = index === parts.length - 1;
        if (index % 2 === 1 && !(unpaired && isLast))
          return <code key={index}>{part}</code>;
        return (
          <Fragment key={index}>
            {unpaired && isLast ? `\`${part}` : part}
          </Fragment>
        );
      })}
    </>
  );
}
