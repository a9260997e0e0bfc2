-- AlterTable
ALTER TABLE "datasets" ADD COLUMN     "label_names" JSONB;
