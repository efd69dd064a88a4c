/**
 * What database libraries provide, as data: the method names of mongoose, the MongoDB driver,
 * Sequelize, Prisma, TypeORM, knex and SQL clients, each written once with what a call of it does
 * with its arguments, and what a loaded record's methods do to it. The data-access facts and the
 * rate-limit facts read their method lists from here.
 */
/** The library shapes the data-access facts tell apart. */
export type DataLibrary = 'mongoose' | 'sequelize' | 'prisma' | 'typeorm' | 'knex' | 'sql' | 'repository';
/** What a call does to the records it picks. */
export type DataOperation = 'read' | 'update' | 'delete';

/** What a method does, by the library shape that has it. */
type Role =
  /** The first argument is the record's id (mongoose `findById`, Sequelize `findByPk`). */
  | 'mongooseId'
  | 'sequelizeId'
  /** mongoose model methods whose first argument is a filter object. */
  | 'mongooseFilter'
  /** MongoDB driver filter methods beyond those mongoose shares. */
  | 'driverFilter'
  /** Takes `{ where }` (Sequelize, Prisma, TypeORM). */
  | 'where'
  /** Spelled so only by Prisma. */
  | 'prisma'
  /** TypeORM methods whose first argument is the criteria object. */
  | 'typeormCriteria'
  /** TypeORM repository methods that take an id or criteria first. */
  | 'typeormId'
  /** knex query-builder filters. */
  | 'knexWhere'
  /** SQL clients' query methods (pg, mysql2, pg-promise). */
  | 'sql'
  /** Creates a record. */
  | 'creates'
  /** On any receiver, the name alone says a database round trip (the expensive work of require-rate-limit). */
  | 'roundTrip';

const METHODS: Readonly<Record<string, readonly Role[]>> = {
  find: ['mongooseFilter', 'where', 'roundTrip'],
  findOne: ['mongooseFilter', 'where', 'typeormId', 'roundTrip'],
  findById: ['mongooseId', 'roundTrip'],
  findByIdAndUpdate: ['mongooseId', 'roundTrip'],
  findByIdAndDelete: ['mongooseId', 'roundTrip'],
  findByIdAndRemove: ['mongooseId'],
  findByPk: ['sequelizeId', 'roundTrip'],
  findOneAndUpdate: ['mongooseFilter', 'roundTrip'],
  findOneAndDelete: ['mongooseFilter', 'roundTrip'],
  findOneAndRemove: ['mongooseFilter'],
  findOneAndReplace: ['mongooseFilter'],
  updateOne: ['mongooseFilter', 'roundTrip'],
  updateMany: ['mongooseFilter', 'where', 'prisma', 'roundTrip'],
  deleteOne: ['mongooseFilter', 'roundTrip'],
  deleteMany: ['mongooseFilter', 'where', 'prisma', 'roundTrip'],
  replaceOne: ['mongooseFilter'],
  exists: ['mongooseFilter'],
  countDocuments: ['mongooseFilter', 'roundTrip'],
  update: ['driverFilter', 'where', 'typeormId', 'roundTrip'],
  remove: ['driverFilter'],
  findAndModify: ['driverFilter'],
  count: ['driverFilter', 'where', 'roundTrip'],
  distinct: ['driverFilter'],
  findAll: ['where', 'roundTrip'],
  findAndCountAll: ['where', 'roundTrip'],
  findUnique: ['where', 'prisma', 'roundTrip'],
  findUniqueOrThrow: ['where', 'prisma'],
  findFirst: ['where', 'prisma', 'roundTrip'],
  findFirstOrThrow: ['where', 'prisma'],
  findMany: ['where', 'prisma', 'roundTrip'],
  findOneOrFail: ['where'],
  upsert: ['where', 'prisma', 'roundTrip'],
  delete: ['where', 'typeormId', 'roundTrip'],
  destroy: ['where', 'roundTrip'],
  findOneBy: ['typeormCriteria'],
  findOneByOrFail: ['typeormCriteria'],
  findBy: ['typeormCriteria'],
  existsBy: ['typeormCriteria'],
  countBy: ['typeormCriteria'],
  softDelete: ['typeormId'],
  restore: ['typeormId'],
  findByIds: ['typeormId'],
  where: ['knexWhere'],
  andWhere: ['knexWhere'],
  orWhere: ['knexWhere'],
  whereIn: ['knexWhere'],
  whereNot: ['knexWhere'],
  query: ['sql', 'roundTrip'],
  execute: ['sql', 'roundTrip'],
  queryRows: ['sql'],
  oneOrNone: ['sql'],
  one: ['sql'],
  any: ['sql'],
  manyOrNone: ['sql'],
  none: ['sql'],
  create: ['creates', 'roundTrip'],
  insert: ['creates', 'roundTrip'],
  insertOne: ['creates', 'roundTrip'],
  insertMany: ['creates', 'roundTrip'],
  build: ['creates'],
  bulkCreate: ['creates'],
  createMany: ['roundTrip'],
  aggregate: ['roundTrip'],
  save: ['roundTrip'],
  exec: ['roundTrip'],
  raw: ['roundTrip'],
  select: ['roundTrip'],
};

function methodsWith(role: Role): ReadonlySet<string> {
  return new Set(Object.keys(METHODS).filter((name) => METHODS[name]!.includes(role)));
}

/** Methods whose first argument is the record's id, with the library that spells them so. */
export const ID_METHODS: ReadonlyMap<string, DataLibrary> = new Map([
  ...[...methodsWith('mongooseId')].map((name) => [name, 'mongoose'] as const),
  ...[...methodsWith('sequelizeId')].map((name) => [name, 'sequelize'] as const),
]);
export const MONGOOSE_FILTER_METHODS = methodsWith('mongooseFilter');
export const DRIVER_FILTER_METHODS = methodsWith('driverFilter');
export const WHERE_METHODS = methodsWith('where');
export const PRISMA_METHODS = methodsWith('prisma');
export const TYPEORM_CRITERIA_METHODS = methodsWith('typeormCriteria');
export const TYPEORM_ID_METHODS = methodsWith('typeormId');
export const KNEX_WHERE_METHODS = methodsWith('knexWhere');
export const SQL_METHODS = methodsWith('sql');
/** Calls that create a record. */
export const CREATE_METHODS = methodsWith('creates');
/** Method names that mean a database round trip on any receiver. */
export const ROUND_TRIP_METHODS = methodsWith('roundTrip');

/** Methods of a record loaded before that change or remove it: `post.destroy()`, `order.save()`. */
export const RECORD_MUTATIONS: Readonly<Record<string, DataOperation>> = {
  destroy: 'delete',
  remove: 'delete',
  deleteOne: 'delete',
  softRemove: 'delete',
  softDelete: 'delete',
  save: 'update',
  update: 'update',
  updateOne: 'update',
  set: 'update',
  increment: 'update',
  decrement: 'update',
};
