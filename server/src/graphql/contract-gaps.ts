import {
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isUnionType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputField,
  type GraphQLSchema,
} from 'graphql';

const defaultOf = (value: GraphQLArgument | GraphQLInputField) => JSON.stringify(value.defaultValue ?? null);

/**
 * Everything the contract names that the schema lacks or spells differently:
 * types, fields, field types and nullability, arguments with their types and
 * defaults, enum values and union members. Empty when the schema contains the
 * whole contract (it may add more).
 */
export function contractGaps(contract: GraphQLSchema, schema: GraphQLSchema): string[] {
  const gaps: string[] = [];
  for (const [name, wanted] of Object.entries(contract.getTypeMap())) {
    if (name.startsWith('__')) continue;
    const have = schema.getType(name);
    if (!have) {
      gaps.push(name);
      continue;
    }
    if (have.constructor !== wanted.constructor) {
      gaps.push(`${name}: a different kind of type`);
      continue;
    }
    if (isEnumType(wanted) && isEnumType(have)) {
      for (const value of wanted.getValues())
        if (!have.getValue(value.name)) gaps.push(`${name}.${value.name}`);
    }
    if (isUnionType(wanted) && isUnionType(have)) {
      const members = new Set(have.getTypes().map((type) => type.name));
      for (const member of wanted.getTypes())
        if (!members.has(member.name)) gaps.push(`${name} | ${member.name}`);
    }
    if (isObjectType(wanted) || isInterfaceType(wanted) || isInputObjectType(wanted)) {
      const haveFields = (have as typeof wanted).getFields() as Record<
        string,
        GraphQLField<unknown, unknown> | GraphQLInputField
      >;
      for (const [fieldName, field] of Object.entries(
        wanted.getFields() as Record<string, GraphQLField<unknown, unknown> | GraphQLInputField>,
      )) {
        const mine = haveFields[fieldName];
        const where = `${name}.${fieldName}`;
        if (!mine) {
          gaps.push(where);
          continue;
        }
        if (String(mine.type) !== String(field.type))
          gaps.push(`${where}: ${mine.type}, contract ${field.type}`);
        if ('defaultValue' in field && defaultOf(field) !== defaultOf(mine as GraphQLInputField))
          gaps.push(`${where}: default`);
        if (!('args' in field)) continue;
        const myArgs = new Map((mine as GraphQLField<unknown, unknown>).args.map((arg) => [arg.name, arg]));
        for (const arg of field.args) {
          const myArg = myArgs.get(arg.name);
          if (!myArg) gaps.push(`${where}(${arg.name})`);
          else if (String(myArg.type) !== String(arg.type) || defaultOf(myArg) !== defaultOf(arg)) {
            gaps.push(
              `${where}(${arg.name}): ${myArg.type} = ${defaultOf(myArg)}, contract ${arg.type} = ${defaultOf(arg)}`,
            );
          }
          myArgs.delete(arg.name);
        }
        for (const extra of myArgs.values()) {
          if (String(extra.type).endsWith('!') && extra.defaultValue === undefined)
            gaps.push(`${where}(${extra.name}): required, not in the contract`);
        }
      }
    }
  }
  return gaps;
}
